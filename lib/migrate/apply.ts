import { readFile } from "node:fs/promises";
import type pg from "pg";
import {
  type ConnectionParts,
  connectClient,
  isPgError,
  parseDatabaseUrl,
  quoteIdent,
  withServerClient,
} from "./connection";
import {
  listMigrationNames,
  type PathOptions,
  readMigrationList,
  resolvePaths,
} from "./migrations-dir";

/**
 * Session-level advisory lock serializing our migration runs across processes. Distinct from the
 * key the engine itself takes inside applyMigrations (72707369): holding that one here, on
 * another connection than the engine's, would make the engine wait for us forever.
 */
const LOCK_KEY = "4470829017160551209";
/** How long a second process waits for the first one's migrations before giving up. */
const LOCK_TIMEOUT = "10min";

export interface ApplyResult {
  /** Names of the migrations this call applied, oldest first; empty when none was pending. */
  applied: string[];
}

/**
 * `prisma migrate deploy`: applies the pending migrations of prisma/migrations and records them in
 * the standard _prisma_migrations table (through Prisma's own schema engine, so the Prisma CLI
 * sees the same history). Creates the database first if it does not exist, as deploy does.
 *
 * Runs at every start, so the common case is cheap: under the lock, one query compares the
 * history with the folder names, and the wasm engine is only loaded when something is pending
 * or the history has a failed migration (which the engine then reports, as deploy would).
 * Safe to call from several processes at once: the advisory lock lets one apply while the
 * others wait, and they then find nothing pending.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: PathOptions = {},
): Promise<ApplyResult> {
  const parts = parseDatabaseUrl(databaseUrl);
  const { migrationsDir, schemaPath } = resolvePaths(options);
  const names = await listMigrationNames(migrationsDir);
  const client = await connectCreatingDatabase(parts);
  try {
    await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      if (await upToDate(client, names)) return { applied: [] };
      const migrationsList = await readMigrationList(migrationsDir);
      // The engine panics without at least one schema file, though deploy only reads the folder.
      const schema = { path: schemaPath, content: await readFile(schemaPath, "utf8") };
      // Loaded here, not at the top: the usual start (nothing pending) never needs the engine.
      const { NO_FILTERS, withSchemaEngine } = await import("./engine");
      const output = await withSchemaEngine(parts, [schema], (engine) =>
        engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
      );
      return { applied: output.appliedMigrationNames };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

interface HistoryRow {
  migration_name: string;
  finished: boolean;
  rolled_back: boolean;
}

/** True when every folder is recorded as applied and no migration is left failed. */
async function upToDate(client: pg.Client, names: string[]): Promise<boolean> {
  let rows: HistoryRow[];
  try {
    const result = await client.query<HistoryRow>(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM public."_prisma_migrations"`,
    );
    rows = result.rows;
  } catch (error) {
    // No history table yet: up to date only if there is nothing to apply.
    if (isPgError(error, "42P01")) return names.length === 0;
    throw error;
  }
  if (rows.some((row) => !row.finished && !row.rolled_back)) return false;
  const applied = new Set(
    rows.filter((row) => row.finished && !row.rolled_back).map((row) => row.migration_name),
  );
  return names.every((name) => applied.has(name));
}

/** Connects to the database, creating it first when the server says it does not exist. */
async function connectCreatingDatabase(parts: ConnectionParts): Promise<pg.Client> {
  try {
    return await connectClient(parts);
  } catch (error) {
    if (!isPgError(error, "3D000")) throw error;
  }
  await withServerClient(parts, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(parts.database)}`);
    } catch (error) {
      // Another process created it first (42P04, or a unique violation when both raced the catalog).
      if (!isPgError(error, "42P04", "23505")) throw error;
    }
  });
  return connectClient(parts);
}
