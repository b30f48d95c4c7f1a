import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "@/lib/keys/create";
import { db } from "@/lib/services";
import { setUpTestServices } from "@/lib/services/test-support";

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
  const shared = {
    DARWAZA_SECRET: BENCH_SECRET,
    DARWAZA_DATA_DIR: mkdtempSync(path.join(tmpdir(), "darwaza-bench-")),
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const testServices = await setUpTestServices({
    serverUrl: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    env: shared,
  });
  const account = await db().account.create({ data: { name: "bench", plan: "enterprise" } });
  const { key } = await createApiKey({ accountId: account.id, label: "bench" });
  return {
    env: { ...shared, DATABASE_URL: testServices.databaseUrl },
    key,
    drop: testServices.teardown,
  };
}
