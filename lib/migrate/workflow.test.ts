import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "./apply";
import { parseDatabaseUrl, withClient } from "./connection";
import { diffSchemaAgainstMigrations } from "./diff";
import { createFreshDatabaseOn, type FreshDatabase } from "./fresh-database";
import { lockfileContent, resolvePaths } from "./migrations-dir";
import { writeMigration } from "./write-migration";

/**
 * The developer loop on a copy of prisma/migrations: change the schema, write the migration
 * (`npm run db:migration`), find no drift afterwards, apply it (`npm run db:migrate`).
 */
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const paths = resolvePaths();

describe("new migration workflow", () => {
  let migrationsDir: string;
  let db: FreshDatabase;
  beforeAll(async () => {
    migrationsDir = await mkdtemp(path.join(tmpdir(), "darwaza-migrations-"));
    await cp(paths.migrationsDir, migrationsDir, { recursive: true });
    db = await createFreshDatabaseOn(serverUrl);
  });
  afterAll(async () => {
    await db?.drop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it("writes, re-diffs empty, and applies a migration for a schema change", async () => {
    const schema = await readFile(paths.schemaPath, "utf8");
    const schemaText = schema.replace(
      /model Invoice \{\n/,
      'model Invoice {\n  notes String @default("")\n',
    );
    const before = await readdir(migrationsDir);

    const diff = await diffSchemaAgainstMigrations(serverUrl, { migrationsDir, schemaText });
    expect(diff.changed).toBe(true);
    const written = await writeMigration("Add invoice notes", diff.sql, {
      migrationsDir,
      now: new Date("2099-01-02T03:04:05Z"),
    });
    expect(written.name).toBe("20990102030405_add_invoice_notes");
    expect(await readdir(migrationsDir)).toEqual([...before, written.name].sort());
    expect(await readFile(written.file, "utf8")).toBe(diff.sql);
    expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(
      lockfileContent("postgresql"),
    );

    expect(await diffSchemaAgainstMigrations(serverUrl, { migrationsDir, schemaText })).toEqual({
      changed: false,
      sql: "",
    });

    // db already has the repository's migrations: only the new one is pending.
    expect(await applyMigrations(db.url, { migrationsDir })).toEqual({ applied: [written.name] });
    const columns = await withClient(parseDatabaseUrl(db.url), async (client) => {
      const result = await client.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'invoices' AND column_name = 'notes'",
      );
      return result.rows;
    });
    expect(columns).toHaveLength(1);
  });

  it("refuses to overwrite an existing migration folder", async () => {
    const now = new Date("2099-01-02T03:04:05Z");
    await expect(
      writeMigration("add_invoice_notes", "SELECT 1;", { migrationsDir, now }),
    ).rejects.toThrow(/already exists/);
  });
});

describe("a migration that fails", () => {
  let migrationsDir: string;
  let db: FreshDatabase;
  beforeAll(async () => {
    migrationsDir = await mkdtemp(path.join(tmpdir(), "darwaza-migrations-"));
    await cp(paths.migrationsDir, migrationsDir, { recursive: true });
    await mkdir(path.join(migrationsDir, "20990101000000_broken"));
    await writeFile(
      path.join(migrationsDir, "20990101000000_broken", "migration.sql"),
      "SELECT nope;\n",
    );
    db = await createFreshDatabaseOn(serverUrl, { migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
    await rm(migrationsDir, { recursive: true, force: true });
  });

  it("is reported, recorded as failed, and blocks later runs as `migrate deploy` does", async () => {
    await expect(applyMigrations(db.url, { migrationsDir })).rejects.toThrow(
      /20990101000000_broken/,
    );
    // The migrations before it stay applied; the next start refuses until the failure is resolved.
    await expect(applyMigrations(db.url, { migrationsDir })).rejects.toThrow(/failed migrations/);
    const rows = await withClient(parseDatabaseUrl(db.url), async (client) => {
      const result = await client.query<{ migration_name: string; finished: boolean }>(
        `SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations
          ORDER BY migration_name`,
      );
      return result.rows;
    });
    expect(rows.at(-1)).toEqual({ migration_name: "20990101000000_broken", finished: false });
    expect(rows.slice(0, -1).every((row) => row.finished)).toBe(true);
  });
});
