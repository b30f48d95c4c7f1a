import type { Pool } from "pg";
import { today } from "./calendar";
import { MINUTE_MS } from "./types";

/** What PostgreSQL already holds of one account's counted calls today and in the last minute. */
export interface UsageSeed {
  accountId: string;
  requests: number;
  tokens: number;
  /** Creation times (Unix ms, ascending) of the last minute's counted calls. */
  minute: number[];
}

/** Endpoints the limiter never counts (recorded unbilled now; rows written before were billed). */
const UNCOUNTED = ["models", "usage"];

/**
 * The counters an in-memory limiter starts from, so a restart does not hand every account a
 * fresh day: billed calls of the endpoints the limiter counts (an admitted call that failed
 * upstream is not billed and not restored) and the tokens they used, per account, from today's
 * rollups and the last minute's events. Two queries, once at start.
 */
export async function loadUsageSeed(
  pool: Pool,
  timeZone: string,
  now = Date.now(),
): Promise<UsageSeed[]> {
  const day = today(now, timeZone).day;
  const [daily, recent] = await Promise.all([
    pool.query<{ account_id: string; requests: string; tokens: string }>(
      `SELECT account_id, sum(billed_requests)::bigint AS requests,
              sum(tokens_in + tokens_out)::bigint AS tokens
         FROM usage_daily
        WHERE day = $1::date AND endpoint <> ALL($2::text[])
        GROUP BY account_id`,
      [day, UNCOUNTED],
    ),
    pool.query<{ account_id: string; at: string }>(
      `SELECT account_id, (extract(epoch FROM created_at) * 1000)::bigint AS at
         FROM usage_events
        WHERE created_at > $1 AND billed AND endpoint <> ALL($2::text[])
        ORDER BY created_at`,
      [new Date(now - MINUTE_MS), UNCOUNTED],
    ),
  ]);
  const seeds = new Map<string, UsageSeed>();
  const seedOf = (accountId: string) => {
    let seed = seeds.get(accountId);
    if (!seed) {
      seed = { accountId, requests: 0, tokens: 0, minute: [] };
      seeds.set(accountId, seed);
    }
    return seed;
  };
  for (const row of daily.rows) {
    const seed = seedOf(row.account_id);
    seed.requests = Number(row.requests);
    seed.tokens = Number(row.tokens);
  }
  for (const row of recent.rows) seedOf(row.account_id).minute.push(Number(row.at));
  return [...seeds.values()];
}
