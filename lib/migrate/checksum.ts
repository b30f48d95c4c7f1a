import { createHash } from "node:crypto";

/**
 * The checksum Prisma stores in _prisma_migrations.checksum: SHA-256 of the migration.sql bytes,
 * lowercase hex. Tests use it to prove rows written here match what the CLI would write.
 */
export function migrationChecksum(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}
