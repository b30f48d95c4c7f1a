import { randomBytes } from "node:crypto";
import type pg from "pg";
import { seedAccounts } from "./accounts";
import { seedEventBatch } from "./events";

export interface SeedOptions {
  events: number;
  accounts: number;
  /** Events are spread over this many days before now. */
  days: number;
  timeZone: string;
  batchSize?: number;
  /** Prefix of every id written; random by default so runs can be repeated. */
  tag?: string;
  log?: (line: string) => void;
}

export interface SeedResult {
  tag: string;
  accounts: number;
  events: number;
  ms: { accounts: number; events: number; analyze: number };
}

/**
 * Bulk synthetic history: customers with keys, subscriptions and invoices, then `events` usage
 * events with their daily rollups, in batches of set-based SQL (generate_series), each batch its
 * own transaction so a huge run shows progress and never holds one giant transaction open.
 */
export async function seedUsage(pool: pg.Pool, options: SeedOptions): Promise<SeedResult> {
  const tag = options.tag ?? `seed${randomBytes(3).toString("hex")}`;
  const batchSize = options.batchSize ?? 100_000;
  const log = options.log ?? (() => {});
  const now = new Date();
  const client = await pool.connect();
  try {
    let started = performance.now();
    await client.query("BEGIN");
    await seedAccounts(client, tag, options.accounts);
    await client.query("COMMIT");
    const accountsMs = performance.now() - started;
    log(
      `${options.accounts} accounts with keys, subscriptions and invoices in ${Math.round(accountsMs)} ms`,
    );

    started = performance.now();
    for (let from = 1; from <= options.events; from += batchSize) {
      const to = Math.min(from + batchSize - 1, options.events);
      await seedEventBatch(client, { ...options, tag, from, to, now });
      log(`  events ${to.toLocaleString("en-US")} / ${options.events.toLocaleString("en-US")}`);
    }
    const eventsMs = performance.now() - started;
    log(`${options.events} events and their rollups in ${Math.round(eventsMs)} ms`);

    // Fresh statistics, or the planner guesses on a table that just grew by a million rows.
    started = performance.now();
    await client.query(
      "ANALYZE accounts, users, memberships, api_keys, subscriptions, invoices, usage_events, usage_daily",
    );
    const analyzeMs = performance.now() - started;
    return {
      tag,
      accounts: options.accounts,
      events: options.events,
      ms: {
        accounts: Math.round(accountsMs),
        events: Math.round(eventsMs),
        analyze: Math.round(analyzeMs),
      },
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
