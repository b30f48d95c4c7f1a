import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** A database's pg pool and the Prisma client over it: one per process, built by its root. */
export interface Database {
  readonly url: string;
  /** The raw pool, for batched writes and hand-tuned queries. */
  readonly pool: pg.Pool;
  /** Prisma, for everything but the hot bulk paths. */
  readonly prisma: PrismaClient;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolSize?: number;
}

/** Connects lazily: nothing is opened until the first query. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed: Promise<void> | null = null;
  return {
    url,
    pool,
    prisma,
    close() {
      closed ??= prisma.$disconnect().then(() => pool.end());
      return closed;
    },
  };
}
