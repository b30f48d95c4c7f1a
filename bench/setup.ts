import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "@/lib/config/env";
import { createFreshDatabase } from "@/lib/db/test-support/fresh-database";
import { createApiKey } from "@/lib/keys/create";
import { closeServices, db } from "@/lib/services";

export const BENCH_SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export interface BenchDatabase {
  env: Record<string, string>;
  key: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database with an unlimited (Enterprise) account and its key, and the environment
 * the servers under test must share with this process (same database, same key-hash secret).
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  const fresh = await createFreshDatabase();
  const env = {
    DATABASE_URL: fresh.url,
    DARWAZA_SECRET: BENCH_SECRET,
    DARWAZA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "darwaza-bench-")),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  Object.assign(process.env, env);
  resetEnvCache();
  const account = await db().account.create({ data: { name: "bench", plan: "enterprise" } });
  const { key } = await createApiKey({ accountId: account.id, label: "bench" });
  return {
    env,
    key,
    async drop() {
      await closeServices();
      await fresh.drop();
    },
  };
}
