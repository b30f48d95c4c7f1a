/**
 * `npm run seed:usage -- --events 1000000 [--accounts 2000] [--days 90]`: bulk synthetic history
 * for load tests and demos (customers, keys, subscriptions, paid invoices, usage events and their
 * daily rollups) in DATABASE_URL, or the embedded PostgreSQL when it is unset.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { seedUsage } from "../lib/admin/seed/seed-usage";
import { env } from "../lib/config/env";
import { redactUrl, releaseEmbeddedDatabase, resolveDatabaseUrl } from "../lib/db/resolve-url";
import { applyMigrations } from "../lib/migrate";

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--${name} must be a positive whole number`);
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: "string" },
      accounts: { type: "string" },
      days: { type: "string" },
      batch: { type: "string" },
    },
  });
  const events = positive("events", values.events, 100_000);
  const accounts = positive("accounts", values.accounts, 2_000);
  const days = positive("days", values.days, 90);
  const batchSize = positive("batch", values.batch, 100_000);

  const databaseUrl = await resolveDatabaseUrl();
  await applyMigrations(databaseUrl);
  console.log(
    `Seeding ${redactUrl(databaseUrl)}: ${events} events, ${accounts} accounts, ${days} days`,
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const result = await seedUsage(pool, {
      events,
      accounts,
      days,
      batchSize,
      timeZone: env().DARWAZA_TIMEZONE,
      log: (line) => console.log(line),
    });
    const rate = Math.round(events / (result.ms.events / 1000));
    console.log(`Done (ids start with "${result.tag}"): ${rate.toLocaleString("en-US")} events/s.`);
  } finally {
    await pool.end();
  }
}

main()
  .finally(releaseEmbeddedDatabase)
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
