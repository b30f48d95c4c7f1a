import { resetEnvCache } from "@/lib/config/env";
import {
  createFreshDatabase,
  type FreshDatabaseOptions,
} from "@/lib/db/test-support/fresh-database";
import { seedDefaultPlans } from "@/lib/plans/seed";
import { buildServices, provideServices, type Services } from "./index";

/**
 * Variables the code under test reads (undefined unsets). Never DATABASE_URL: the services carry
 * the database, and a child process gets it in its own env.
 */
export type TestEnv = Record<string, string | undefined> & { DATABASE_URL?: never };

export interface TestServicesOptions extends FreshDatabaseOptions {
  /** Set before the services are built; teardown puts process.env back. */
  env?: TestEnv;
}

export interface TestServices {
  /** The fresh database, for what runs outside this process's services (pools, child processes). */
  databaseUrl: string;
  services: Services;
  /** Close the services, put back the ones they replaced and process.env as it was, drop the database. */
  teardown(): Promise<void>;
}

/**
 * A fresh migrated database with this process's services built on it, for one test file:
 * services(), db() and pool() answer from it until teardown.
 */
export async function setUpTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const { env = {}, ...databaseOptions } = options;
  const fresh = await createFreshDatabase(databaseOptions);
  const savedEnv = { ...process.env };
  setEnv(env);
  const services = buildServices({ databaseUrl: fresh.url });
  const previous = provideServices(services);
  // As npm start does at first start; an empty (unmigrated) database has no tables for them.
  if (databaseOptions.migrate !== false) await seedDefaultPlans(services.database.prisma);
  return {
    databaseUrl: fresh.url,
    services,
    async teardown() {
      await services.close();
      provideServices(previous);
      restoreEnv(savedEnv);
      await fresh.drop();
    },
  };
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (process.env[name] === value) continue;
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

/** process.env as it was: what was added since goes, what was changed or removed comes back. */
function restoreEnv(saved: NodeJS.ProcessEnv): void {
  const added = Object.keys(process.env).filter((name) => !(name in saved));
  setEnv({ ...Object.fromEntries(added.map((name) => [name, undefined])), ...saved });
}
