import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * One pg pool and one Prisma client per process. They live on globalThis because the custom
 * server and the Next bundle load this module separately (two module instances, one process).
 */
const KEY = Symbol.for("darwaza.db");

interface DbHolder {
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
}

type Global = { [KEY]?: DbHolder };

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (the server sets it when it starts)");
  return url;
}

function holder(): DbHolder {
  const g = globalThis as Global;
  const url = databaseUrl();
  if (g[KEY] && g[KEY].url === url) return g[KEY];
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DARWAZA_DB_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  g[KEY] = { url, pool, prisma };
  return g[KEY];
}

/** The Prisma client, for everything but the hot bulk paths. */
export function db(): PrismaClient {
  return holder().prisma;
}

/** The raw pg pool, for batched writes and hand-tuned queries. */
export function pool(): pg.Pool {
  return holder().pool;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as Global;
  const current = g[KEY];
  delete g[KEY];
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end();
}
