/**
 * The migration runner's one seam (see README.md): apply prisma/migrations, diff the schema
 * against them, write a new migration, and the connection helpers tests use to make databases.
 * It imports nothing from the app.
 */
export { type ApplyResult, applyMigrations } from "./apply";
export { migrationChecksum } from "./checksum";
export {
  type ConnectionParts,
  formatDatabaseUrl,
  parseDatabaseUrl,
  quoteIdent,
  withClient,
  withDatabase,
  withServerClient,
} from "./connection";
export { type DiffOptions, diffSchemaAgainstMigrations, type SchemaDiff } from "./diff";
export { createFreshDatabaseOn, type FreshDatabase } from "./fresh-database";
export { type PathOptions, resolvePaths } from "./migrations-dir";
export { type WrittenMigration, writeMigration } from "./write-migration";
