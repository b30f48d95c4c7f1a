import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDatabaseUrl, parseDatabaseUrl, withDatabase } from "./connection";
import { lockfileContent, resolvePaths } from "./migrations-dir";
import { migrationSlug, migrationTimestamp } from "./write-migration";

describe("migration names", () => {
  it("slugs names the way `prisma migrate dev --name` does", () => {
    expect(migrationSlug("init")).toBe("init");
    expect(migrationSlug("Add invoice notes")).toBe("add_invoice_notes");
    expect(migrationSlug("addUsageIndex")).toBe("add_usage_index");
    expect(migrationSlug("  café -- v2! ")).toBe("cafe_v2");
    expect(migrationSlug("!!!")).toBe("");
  });

  it("stamps them in UTC to the second", () => {
    expect(migrationTimestamp(new Date("2026-03-04T05:06:07.890Z"))).toBe("20260304050607");
  });

  it("keeps the committed lock file identical to what the CLI writes", async () => {
    const lock = await readFile(
      path.join(resolvePaths().migrationsDir, "migration_lock.toml"),
      "utf8",
    );
    expect(lock).toBe(lockfileContent("postgresql"));
  });
});

describe("database URLs", () => {
  it("splits a URL into separate fields (pg lets a connectionString override `database`)", () => {
    const parts = parseDatabaseUrl(
      "postgresql://app:p%40ss@db.example:6543/darwaza?schema=public&sslmode=require",
    );
    expect(parts).toEqual({
      host: "db.example",
      port: 6543,
      user: "app",
      password: "p@ss",
      database: "darwaza",
      ssl: true,
    });
  });

  it("fills in port, user and database, and round-trips through formatDatabaseUrl", () => {
    const parts = parseDatabaseUrl("postgres://127.0.0.1");
    expect(parts).toMatchObject({
      host: "127.0.0.1",
      port: 5432,
      user: "postgres",
      database: "postgres",
    });
    const other = withDatabase(parseDatabaseUrl("postgresql://u:p%2Fw@h:1/a"), "b");
    expect(parseDatabaseUrl(formatDatabaseUrl(other))).toEqual(other);
  });

  it("rejects URLs that are not PostgreSQL", () => {
    expect(() => parseDatabaseUrl("mysql://localhost/x")).toThrow(/postgresql/);
  });
});
