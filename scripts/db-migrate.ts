/**
 * `npm run db:migrate`: applies the pending migrations of prisma/migrations to DATABASE_URL (or to
 * the embedded PostgreSQL when it is unset) — the offline equivalent of `prisma migrate deploy`.
 */

import { redactUrl, releaseEmbeddedDatabase, resolveDatabaseUrl } from "../lib/db/resolve-url";
import { applyMigrations } from "../lib/migrate";

async function main(): Promise<void> {
  const databaseUrl = await resolveDatabaseUrl();
  const started = performance.now();
  const { applied } = await applyMigrations(databaseUrl);
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) {
    console.log(`No pending migrations on ${redactUrl(databaseUrl)} (${ms} ms).`);
    return;
  }
  console.log(`Applied ${applied.length} migration(s) to ${redactUrl(databaseUrl)} in ${ms} ms:`);
  for (const name of applied) console.log(`  ${name}`);
}

// Stop an embedded PostgreSQL this run started, then exit explicitly so nothing keeps us alive.
main()
  .finally(releaseEmbeddedDatabase)
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
