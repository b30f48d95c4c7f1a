import { createFreshDatabaseOn, type FreshDatabase } from "@/lib/migrate";
import { resolveDatabaseUrl } from "../resolve-url";

export type { FreshDatabase };

export interface FreshDatabaseOptions {
  /** Apply prisma/migrations to it (default true); false gives an empty database. */
  migrate?: boolean;
  /** Server to create it on; default DATABASE_URL's, or the embedded PostgreSQL when unset. */
  serverUrl?: string;
}

/**
 * A new, uniquely named database `darwaza_test_<random>` on the test server, migrated to the
 * current schema, for tests that must not see each other's rows. Call drop() in afterAll: a crashed
 * run leaves `darwaza_test_*` databases behind, safe to drop by hand.
 */
export async function createFreshDatabase(
  options: FreshDatabaseOptions = {},
): Promise<FreshDatabase> {
  const serverUrl = options.serverUrl ?? (await resolveDatabaseUrl());
  return createFreshDatabaseOn(serverUrl, { migrate: options.migrate });
}
