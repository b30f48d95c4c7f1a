import { randomBytes } from "node:crypto";
import { applyMigrations } from "../migrate/apply";
import {
  formatDatabaseUrl,
  parseDatabaseUrl,
  quoteIdent,
  withDatabase,
  withServerClient,
} from "../migrate/connection";
import { resolveDatabaseUrl } from "../migrate/resolve-url";

export interface FreshDatabase {
  /** postgresql:// URL of the new database. */
  url: string;
  /** Drops the database, closing whatever connections tests left open on it. */
  drop(): Promise<void>;
}

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
  const server = parseDatabaseUrl(options.serverUrl ?? (await resolveDatabaseUrl()));
  const name = `darwaza_test_${randomBytes(6).toString("hex")}`;
  await withServerClient(server, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = formatDatabaseUrl(withDatabase(server, name));
  const drop = async (): Promise<void> => {
    // WITH (FORCE): a test's forgotten pool must not make the drop fail (PostgreSQL 13+).
    await withServerClient(server, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
    );
  };
  if (options.migrate !== false) {
    try {
      await applyMigrations(url);
    } catch (error) {
      await drop().catch(() => undefined);
      throw error;
    }
  }
  return { url, drop };
}
