import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  LOCKFILE_NAME,
  lockfileContent,
  MIGRATION_FILE,
  type PathOptions,
  resolvePaths,
} from "./migrations-dir";

export interface WrittenMigration {
  /** The folder name, `<YYYYMMDDHHMMSS>_<name>`, which is also the name in _prisma_migrations. */
  name: string;
  /** Absolute path of the migration.sql written. */
  file: string;
}

/**
 * The name `prisma migrate dev --name` derives from user input: the CLI runs it through slugify
 * with "_" as separator (camelCase split, lowercased, accents dropped, other characters collapsed)
 * and keeps 200 characters.
 */
export function migrationSlug(input: string): string {
  return input
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, "$1_$2")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .substring(0, 200);
}

/** UTC `YYYYMMDDHHMMSS`, the engine's migration timestamp. */
export function migrationTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Writes `<migrationsDir>/<timestamp>_<slug>/migration.sql` and migration_lock.toml as
 * `prisma migrate dev` does: refuse an existing folder, write the script unchanged, rewrite the
 * lock file with the provider.
 */
export async function writeMigration(
  name: string,
  sql: string,
  options: PathOptions & { now?: Date } = {},
): Promise<WrittenMigration> {
  const slug = migrationSlug(name);
  if (!slug) throw new Error(`"${name}" gives an empty migration name: use letters or digits`);
  const { migrationsDir } = resolvePaths(options);
  const folder = `${migrationTimestamp(options.now)}_${slug}`;
  const dir = path.join(migrationsDir, folder);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, MIGRATION_FILE);
  await writeFile(file, sql, "utf8");

  const lockPath = path.join(migrationsDir, LOCKFILE_NAME);
  const lock = lockfileContent("postgresql");
  const current = await readFile(lockPath, "utf8").catch(() => null);
  if (current !== lock) await writeFile(lockPath, lock, "utf8");
  return { name: folder, file };
}
