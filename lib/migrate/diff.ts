import { readFile } from "node:fs/promises";
import { parseDatabaseUrl } from "./connection";
import {
  lockfileContent,
  type PathOptions,
  readMigrationList,
  resolvePaths,
} from "./migrations-dir";

export interface DiffOptions extends PathOptions {
  /** Diff against this schema text instead of the file at schemaPath (tests use it). */
  schemaText?: string;
}

export interface SchemaDiff {
  /** True when the migrations folder does not produce the schema. */
  changed: boolean;
  /** The SQL of the migration that would take the migrations folder to the schema ("" when none). */
  sql: string;
}

/**
 * The SQL that takes the database built by prisma/migrations to prisma/schema.prisma: what
 * `prisma migrate dev --create-only` would write as the next migration.
 *
 * The engine replays the migrations into a temporary shadow database on the server of
 * `databaseUrl` (created and dropped by MigrationPg; the user needs CREATEDB), introspects it and
 * diffs that against the schema. The database of `databaseUrl` itself is only used to issue
 * CREATE/DROP DATABASE and is never modified.
 */
export async function diffSchemaAgainstMigrations(
  databaseUrl: string,
  options: DiffOptions = {},
): Promise<SchemaDiff> {
  const paths = resolvePaths(options);
  const schema = {
    path: paths.schemaPath,
    content: options.schemaText ?? (await readFile(paths.schemaPath, "utf8")),
  };
  const migrations = await readMigrationList(paths.migrationsDir);
  // Before the first migration there is no lock file, and the engine reads the connector from it.
  // Supplying the one `migrate dev` would write keeps the shadow-database route (an empty database
  // diffed against the schema), so the first migration is byte-identical to the CLI's: diffing
  // from { tag: "empty" } instead would add a `CREATE SCHEMA IF NOT EXISTS "public"` step.
  migrations.lockfile.content ??= lockfileContent("postgresql");

  // Loaded here, not at the top: importing the runner must not load the engine.
  const { NO_FILTERS, withSchemaEngine } = await import("./engine");
  const result = await withSchemaEngine(parseDatabaseUrl(databaseUrl), [schema], (engine) =>
    engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  // With exitCode requested the engine answers 2 for "differences found", 0 for none.
  const changed = result.exitCode === 2;
  return { changed, sql: changed ? (result.stdout ?? "") : "" };
}
