import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase, type FreshDatabase } from "../lib/db/test-support/fresh-database";

/**
 * The two npm scripts as separate processes. Each runs in a scratch folder holding a copy of
 * prisma/ (the scripts resolve prisma/ from the working directory, like the Prisma CLI), so a
 * test can never write into the repository's migrations.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function script(name: string, cwd: string, databaseUrl: string, ...args: string[]) {
  return run(tsx, [path.join(root, "scripts", name), ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

describe("npm run db:migrate / db:migration", () => {
  let cwd: string;
  let db: FreshDatabase;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), "darwaza-scripts-"));
    await cp(path.join(root, "prisma"), path.join(cwd, "prisma"), { recursive: true });
    db = await createFreshDatabase({ serverUrl, migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
    await rm(cwd, { recursive: true, force: true });
  });

  it("two db:migrate processes started together: one applies, the other finds nothing", async () => {
    const outputs = await Promise.all([
      script("db-migrate.ts", cwd, db.url),
      script("db-migrate.ts", cwd, db.url),
    ]);
    const text = outputs.map((output) => output.stdout).join("\n");
    expect(text.match(/Applied \d+ migration\(s\)/g)).toHaveLength(1);
    expect(text.match(/No pending migrations/g)).toHaveLength(1);
  }, 60_000);

  it("db:migration prints 'no changes' and writes nothing when the schema matches", async () => {
    const before = await readdir(path.join(cwd, "prisma", "migrations"));
    const { stdout } = await script("db-migration.ts", cwd, serverUrl, "nothing");
    expect(stdout).toMatch(/no changes/);
    expect(await readdir(path.join(cwd, "prisma", "migrations"))).toEqual(before);
  });

  it("db:migration writes the next migration after a schema change", async () => {
    const schemaPath = path.join(cwd, "prisma", "schema.prisma");
    const schema = await readFile(schemaPath, "utf8");
    await writeFile(
      schemaPath,
      schema.replace(/model StripeEvent \{\n/, "model StripeEvent {\n  attempts Int @default(0)\n"),
    );
    const { stdout } = await script("db-migration.ts", cwd, serverUrl, "--name", "stripe attempts");
    const match = /prisma\/migrations\/(\d{14}_stripe_attempts)\/migration\.sql/.exec(stdout);
    expect(match).not.toBeNull();
    const sql = await readFile(
      path.join(cwd, "prisma", "migrations", match?.[1] ?? "", "migration.sql"),
      "utf8",
    );
    expect(sql).toContain(
      'ALTER TABLE "stripe_events" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0;',
    );
  });

  it("db:migration without a name explains its usage", async () => {
    await expect(script("db-migration.ts", cwd, serverUrl)).rejects.toMatchObject({ code: 2 });
  });
});
