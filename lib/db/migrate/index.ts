/**
 * Prisma migrations without Prisma's native schema engine (which cannot be downloaded offline):
 * the same prisma/migrations folder and _prisma_migrations table as the Prisma CLI, driven by
 * @prisma/schema-engine-wasm. See /work/shared/NOTES.md, "Prisma 7 without its native schema engine".
 */
export { type ApplyResult, applyMigrations } from "./apply";
export { migrationChecksum } from "./checksum";
export { type ConnectionParts, formatDatabaseUrl, parseDatabaseUrl } from "./connection";
export { type DiffOptions, diffSchemaAgainstMigrations, type SchemaDiff } from "./diff";
export { type PathOptions, resolvePaths } from "./migrations-dir";
export { type WrittenMigration, writeMigration } from "./write-migration";
