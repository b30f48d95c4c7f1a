import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { grantCredit } from "@/lib/credit/ledger";
import { createApiKey } from "@/lib/keys/create";
import { db } from "@/lib/services";
import { setUpTestServices } from "@/lib/services/test-support";

export const BENCH_SECRET = "bench-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export interface BenchDatabase {
  env: Record<string, string>;
  key: string;
  /**
   * A key whose every call is past its allowance (0 requests a day) and paid from credit, under
   * an account cap and a key cap: the whole hold-and-settle path on each call.
   */
  creditKey: string;
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
  const plenty = 1_000_000_000_000_000n; // a billion PKR in micros: never runs out in a bench
  const paying = await db().account.create({
    data: { name: "bench credit", plan: "enterprise", limitRpd: 0, spendCapMonthlyMicros: plenty },
  });
  const creditKey = await createApiKey({ accountId: paying.id, label: "bench credit" });
  await db().apiKey.update({
    where: { id: creditKey.id },
    data: { spendCapMonthlyMicros: plenty },
  });
  await grantCredit({
    accountId: paying.id,
    amountMicros: plenty,
    note: "bench",
    actor: { type: "system", id: "bench" },
    idempotencyKey: "bench",
  });
  return {
    env: { ...shared, DATABASE_URL: testServices.databaseUrl },
    key,
    creditKey: creditKey.key,
    drop: testServices.teardown,
  };
}
