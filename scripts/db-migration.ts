/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<YYYYMMDDHHMMSS>_<name>/migration.sql
 * with the SQL that takes the existing migrations to prisma/schema.prisma — what
 * `prisma migrate dev --create-only --name <name>` writes. Nothing is applied: run
 * `npm run db:migrate` next. The diff replays the migrations in a temporary shadow database on
 * the server of DATABASE_URL (or the embedded PostgreSQL when it is unset).
 */
import path from "node:path";
import { releaseEmbeddedDatabase, resolveDatabaseUrl } from "../lib/db/resolve-url";
import { diffSchemaAgainstMigrations, writeMigration } from "../lib/migrate";

function migrationName(args: string[]): string | undefined {
  const flag = args.findIndex((arg) => arg === "--name" || arg === "-n");
  if (flag !== -1) return args[flag + 1];
  return args.find((arg) => !arg.startsWith("-"));
}

async function main(): Promise<number> {
  const name = migrationName(process.argv.slice(2));
  if (!name) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. add_invoice_notes)");
    return 2;
  }
  const { changed, sql } = await diffSchemaAgainstMigrations(await resolveDatabaseUrl());
  if (!changed) {
    console.log("no changes: prisma/schema.prisma matches prisma/migrations");
    return 0;
  }
  const written = await writeMigration(name, sql);
  console.log(`Wrote ${path.relative(process.cwd(), written.file)}`);
  console.log("Review it, then apply it with `npm run db:migrate`.");
  return 0;
}

// Stop an embedded PostgreSQL this run started, then exit explicitly so nothing keeps us alive.
main()
  .finally(releaseEmbeddedDatabase)
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
