import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey } from "@/lib/keys/create";
import type { PlanId } from "@/lib/plans/plans";
import { db } from "@/lib/services";
import { setUpTestServices, type TestEnv } from "@/lib/services/test-support";

export const TEST_SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export interface GatewayTestEnv {
  databaseUrl: string;
  dataDir: string;
  teardown(): Promise<void>;
}

/**
 * A fresh migrated database with this process's services built on it, and the environment the
 * gateway reads (put back by teardown), for one test file. Set `extra` for variables such as
 * REDIS_URL (unset by default: in-memory limits).
 */
export async function setUpGatewayEnv(extra: TestEnv = {}): Promise<GatewayTestEnv> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-gw-"));
  const testServices = await setUpTestServices({
    env: {
      DARWAZA_SECRET: TEST_SECRET,
      DARWAZA_DATA_DIR: dataDir,
      DARWAZA_USAGE_FLUSH_MS: "50",
      DARWAZA_TIMEZONE: "Asia/Karachi",
      REDIS_URL: undefined,
      DARWAZA_UPSTREAMS_FILE: undefined,
      DARWAZA_ADMIN_TOKEN: "test-admin-token-0123456789abcdefghij",
      ...extra,
    },
  });
  return { databaseUrl: testServices.databaseUrl, dataDir, teardown: testServices.teardown };
}

export interface TestKey {
  key: string;
  keyId: string;
  accountId: string;
}

let counter = 0;

/** An account on `plan` (with Enterprise overrides if given) and one key for it. */
export async function createAccountWithKey(
  plan: PlanId,
  overrides: {
    limitRpm?: number | null;
    limitRpd?: number | null;
    limitTpd?: number | null;
    limitMaxTokens?: number | null;
  } = {},
): Promise<TestKey> {
  counter++;
  const account = await db().account.create({
    data: { name: `test account ${counter}`, plan, ...overrides },
  });
  const created = await createApiKey({ accountId: account.id, label: `test key ${counter}` });
  return { key: created.key, keyId: created.id, accountId: account.id };
}
