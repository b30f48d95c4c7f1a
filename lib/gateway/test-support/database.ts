import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "@/lib/config/env";
import { createFreshDatabase } from "@/lib/db/test-support/fresh-database";
import { createApiKey } from "@/lib/keys/create";
import type { PlanId } from "@/lib/plans/plans";
import { buildServices, db, provideServices } from "@/lib/services";

export const TEST_SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

export interface GatewayTestEnv {
  databaseUrl: string;
  dataDir: string;
  teardown(): Promise<void>;
}

/**
 * A fresh migrated database with this process's services built on it, and the environment the
 * gateway reads, for one test file. Set `extra` for variables such as REDIS_URL (unset by
 * default: in-memory limits).
 */
export async function setUpGatewayEnv(
  extra: Record<string, string | undefined> = {},
): Promise<GatewayTestEnv> {
  const fresh = await createFreshDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-gw-"));
  const values: Record<string, string | undefined> = {
    DARWAZA_SECRET: TEST_SECRET,
    DARWAZA_DATA_DIR: dataDir,
    DARWAZA_USAGE_FLUSH_MS: "50",
    DARWAZA_TIMEZONE: "Asia/Karachi",
    REDIS_URL: undefined,
    DARWAZA_UPSTREAMS_FILE: undefined,
    DARWAZA_ADMIN_TOKEN: "test-admin-token-0123456789abcdefghij",
    ...extra,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
  const services = buildServices({ databaseUrl: fresh.url });
  const previous = provideServices(services);
  return {
    databaseUrl: fresh.url,
    dataDir,
    async teardown() {
      await services.close();
      provideServices(previous);
      await fresh.drop();
    },
  };
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
