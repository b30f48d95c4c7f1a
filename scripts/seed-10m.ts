/**
 * `npm run seed:10m -- [--events 10000000] [--accounts 5000] [--days 120] [--measure-only]`:
 * 10 million usage events (+ their daily rollups, customers, keys, subscriptions, invoices) in
 * DATABASE_URL — or the embedded PostgreSQL when unset — then times the dashboard and admin
 * revenue queries on that history. Point it at a database you can throw away: it adds ~4 GB.
 *
 * Events go straight into their monthly partitions (created first), in set-based batches of
 * generate_series SQL (lib/admin/seed), each batch its own transaction.
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { seedUsage } from "../lib/admin/seed/seed-usage";
import { env } from "../lib/config/env";
import { redactUrl, releaseEmbeddedDatabase, resolveDatabaseUrl } from "../lib/db/resolve-url";
import { applyMigrations } from "../lib/migrate";
import { buildServices, closeServices, provideServices } from "../lib/services";
import { maintainUsagePartitions, monthStart } from "../lib/usage/partitions";
import { measureDashboardQueries } from "../scale/history/query-timings";

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`--${name} must be a positive whole number`);
  return number;
}

async function sizes(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{
    events: string;
    events_size: string;
    daily: string;
    daily_size: string;
  }>(
    `SELECT (SELECT count(*) FROM usage_events)::text AS events,
            pg_size_pretty(COALESCE((SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits
                                      WHERE inhparent = 'usage_events'::regclass)::bigint,
                                    pg_total_relation_size('usage_events'))) AS events_size,
            (SELECT count(*) FROM usage_daily)::text AS daily,
            pg_size_pretty(pg_total_relation_size('usage_daily')) AS daily_size`,
  );
  const row = rows[0];
  return `usage_events: ${Number(row.events).toLocaleString("en-US")} rows, ${row.events_size}; usage_daily: ${Number(row.daily).toLocaleString("en-US")} rows, ${row.daily_size}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: "string" },
      accounts: { type: "string" },
      days: { type: "string" },
      batch: { type: "string" },
      "measure-only": { type: "boolean" },
    },
  });
  const events = positive("events", values.events, 10_000_000);
  const accounts = positive("accounts", values.accounts, 5_000);
  const days = positive("days", values.days, 120);
  const batchSize = positive("batch", values.batch, 250_000);

  const databaseUrl = await resolveDatabaseUrl();
  // The dashboard queries it measures read this process's services.
  provideServices(buildServices({ databaseUrl }));
  await applyMigrations(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    if (!values["measure-only"]) {
      const now = new Date();
      const months = Array.from({ length: Math.ceil(days / 28) + 1 }, (_, i) =>
        monthStart(now, -i),
      );
      const partitions = await maintainUsagePartitions(db, { retentionMonths: 0, include: months });
      console.log(
        `Partitions ready (${partitions.created.length} created). Seeding ${redactUrl(databaseUrl)}: ${events.toLocaleString("en-US")} events, ${accounts} accounts, ${days} days`,
      );
      const result = await seedUsage(db, {
        events,
        accounts,
        days,
        batchSize,
        timeZone: env().DARWAZA_TIMEZONE,
        log: (line) => console.log(line),
      });
      const rate = Math.round(events / (result.ms.events / 1000));
      console.log(
        `Seeded in ${Math.round(result.ms.events / 1000)} s (${rate.toLocaleString("en-US")} events/s), ANALYZE ${result.ms.analyze} ms.`,
      );
    }
    console.log(await sizes(db));
    console.table(await measureDashboardQueries(db));
  } finally {
    await db.end();
    await closeServices();
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
