import { randomBytes } from "node:crypto";
import { applyMigrations } from "./apply";
import {
  formatDatabaseUrl,
  parseDatabaseUrl,
  quoteIdent,
  withDatabase,
  withServerClient,
} from "./connection";

export interface FreshDatabase {
  /** postgresql:// URL of the new database. */
  url: string;
  /** Drops the database, closing whatever connections tests left open on it. */
  drop(): Promise<void>;
}

/**
 * A new, uniquely named database `darwaza_test_<random>` on the server of `serverUrl`, migrated
 * to the current schema unless `migrate` is false, for tests that must not see each other's rows.
 * Call drop() in afterAll: a crashed run leaves `darwaza_test_*` databases behind, safe to drop
 * by hand.
 */
export async function createFreshDatabaseOn(
  serverUrl: string,
  options: { migrate?: boolean } = {},
): Promise<FreshDatabase> {
  const server = parseDatabaseUrl(serverUrl);
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
