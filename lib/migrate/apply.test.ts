import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "./apply";
import { migrationChecksum } from "./checksum";
import {
  formatDatabaseUrl,
  parseDatabaseUrl,
  quoteIdent,
  withClient,
  withDatabase,
  withServerClient,
} from "./connection";
import { createFreshDatabaseOn, type FreshDatabase } from "./fresh-database";
import { listMigrationNames, resolvePaths } from "./migrations-dir";

const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const { migrationsDir, schemaPath } = resolvePaths();

/** Every table schema.prisma maps (all its models carry @@map). */
async function expectedTables(): Promise<string[]> {
  const schema = await readFile(schemaPath, "utf8");
  return [...schema.matchAll(/@@map\("([^"]+)"\)/g)].map((match) => match[1]).sort();
}

async function tablesOf(url: string): Promise<string[]> {
  return withClient(parseDatabaseUrl(url), async (client) => {
    // Partitions (usage_events_default, usage_events_p202611 …) are storage of their parent
    // table, not tables of the schema.
    const result = await client.query<{ table_name: string }>(
      `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname`,
    );
    return result.rows.map((row) => row.table_name);
  });
}

describe("applyMigrations on a brand-new database", () => {
  let db: FreshDatabase;
  let names: string[];
  beforeAll(async () => {
    db = await createFreshDatabaseOn(serverUrl, { migrate: false });
    names = await listMigrationNames(migrationsDir);
  });
  afterAll(() => db?.drop());

  it("applies every migration and creates every table", async () => {
    expect(names.length).toBeGreaterThan(0);
    const { applied } = await applyMigrations(db.url);
    expect(applied).toEqual(names);
    expect(await tablesOf(db.url)).toEqual(
      ["_prisma_migrations", ...(await expectedTables())].sort(),
    );
  });

  it("applies nothing the second time, quickly", async () => {
    const started = performance.now();
    const { applied } = await applyMigrations(db.url);
    const ms = performance.now() - started;
    expect(applied).toEqual([]);
    // It runs at every start; ~10 ms here. The bound is loose so a loaded CI box does not flake.
    expect(ms).toBeLessThan(1_000);
  });

  it("records the migrations in _prisma_migrations as the Prisma CLI does", async () => {
    const rows = await withClient(parseDatabaseUrl(db.url), async (client) => {
      const result = await client.query<{
        migration_name: string;
        checksum: string;
        finished: boolean;
        rolled_back_at: Date | null;
        applied_steps_count: number;
      }>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at, applied_steps_count
           FROM _prisma_migrations ORDER BY migration_name`,
      );
      return result.rows;
    });
    const expected = await Promise.all(
      names.map(async (name) => {
        const script = await readFile(path.join(migrationsDir, name, "migration.sql"));
        return {
          migration_name: name,
          checksum: migrationChecksum(script),
          finished: true,
          rolled_back_at: null,
        };
      }),
    );
    expect(rows.map(({ applied_steps_count: _, ...row }) => row)).toEqual(expected);
    for (const row of rows) expect(row.applied_steps_count).toBe(1);
  });
});

describe("applyMigrations run concurrently", () => {
  const server = parseDatabaseUrl(serverUrl);
  const created: string[] = [];
  afterAll(async () => {
    await withServerClient(server, async (client) => {
      for (const name of created)
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    });
  });

  it("lets one process apply while the others wait, then find nothing pending", async () => {
    const db = await createFreshDatabaseOn(serverUrl, { migrate: false });
    try {
      const results = await Promise.all([
        applyMigrations(db.url),
        applyMigrations(db.url),
        applyMigrations(db.url),
      ]);
      const applied = results.flatMap((result) => result.applied);
      expect(applied).toEqual(await listMigrationNames(migrationsDir));
    } finally {
      await db.drop();
    }
  });

  it("creates a missing database once, even when two processes start together", async () => {
    const name = `darwaza_test_${randomBytes(6).toString("hex")}`;
    created.push(name);
    const url = formatDatabaseUrl(withDatabase(server, name));
    const results = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect(results.flatMap((result) => result.applied)).toEqual(
      await listMigrationNames(migrationsDir),
    );
    expect(await tablesOf(url)).toContain("users");
  });
});
