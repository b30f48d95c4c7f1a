import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { diffSchemaAgainstMigrations } from "./diff";
import { resolvePaths } from "./migrations-dir";

/**
 * prisma/schema.prisma and prisma/migrations must describe the same database: a model changed
 * without `npm run db:migration -- <name>` would pass type checks and break every fresh install.
 * The diff replays the migrations in a shadow database on this server (never touching its data).
 */
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

describe("schema drift", () => {
  it("prisma/migrations produce exactly prisma/schema.prisma", async () => {
    const { changed, sql } = await diffSchemaAgainstMigrations(serverUrl);
    // On failure the message is the missing migration: create it with `npm run db:migration -- <name>`.
    expect(
      sql,
      "schema.prisma changed without a migration: run npm run db:migration -- <name>",
    ).toBe("");
    expect(changed).toBe(false);
  });

  it("detects a schema that the migrations do not produce", async () => {
    const schema = await readFile(resolvePaths().schemaPath, "utf8");
    const modified = schema.replace(
      /model AuditLog \{\n/,
      'model AuditLog {\n  driftProbe String? @map("drift_probe")\n',
    );
    expect(modified).not.toBe(schema);

    const { changed, sql } = await diffSchemaAgainstMigrations(serverUrl, { schemaText: modified });
    expect(changed).toBe(true);
    expect(sql).toContain('ALTER TABLE "audit_logs" ADD COLUMN     "drift_probe" TEXT;');
  });

  it("detects migrations that go beyond the schema", async () => {
    const schema = await readFile(resolvePaths().schemaPath, "utf8");
    // Drop the StripeEvent model: the migrations still create its table.
    const modified = schema.replace(/model StripeEvent \{[^}]*\}\n/, "");
    expect(modified).not.toBe(schema);

    const { changed, sql } = await diffSchemaAgainstMigrations(serverUrl, { schemaText: modified });
    expect(changed).toBe(true);
    expect(sql).toContain('DROP TABLE "stripe_events";');
  });
});
