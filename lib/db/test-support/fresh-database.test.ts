import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, withClient, withServerClient } from "@/lib/migrate";
import { createFreshDatabase } from "./fresh-database";

async function exists(url: string): Promise<boolean> {
  const parts = parseDatabaseUrl(url);
  return withServerClient({ ...parts, database: "postgres" }, async (client) => {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      parts.database,
    ]);
    return result.rowCount === 1;
  });
}

describe("createFreshDatabase", () => {
  // No options: DATABASE_URL's server, or the embedded PostgreSQL when DATABASE_URL is unset.
  it("creates a migrated database of its own and drops it", async () => {
    const a = await createFreshDatabase();
    const b = await createFreshDatabase();
    try {
      expect(a.url).not.toBe(b.url);
      expect(parseDatabaseUrl(a.url).database).toMatch(/^darwaza_test_[0-9a-f]{12}$/);
      const count = await withClient(parseDatabaseUrl(a.url), async (client) => {
        // A forgotten open connection must not stop drop() (DROP DATABASE … WITH (FORCE)).
        const result = await client.query<{ n: string }>(
          "SELECT count(*) AS n FROM _prisma_migrations",
        );
        return Number(result.rows[0].n);
      });
      expect(count).toBeGreaterThan(0);
    } finally {
      await a.drop();
      await b.drop();
    }
    expect(await exists(a.url)).toBe(false);
    expect(await exists(b.url)).toBe(false);
  });

  it("gives an empty database with migrate: false", async () => {
    const db = await createFreshDatabase({ migrate: false });
    try {
      const tables = await withClient(parseDatabaseUrl(db.url), async (client) => {
        const result = await client.query(
          "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'",
        );
        return result.rowCount;
      });
      expect(tables).toBe(0);
    } finally {
      await db.drop();
    }
  });
});
