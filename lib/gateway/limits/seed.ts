import type { Pool } from "pg";
import { today } from "./calendar";
import { MINUTE_MS } from "./types";

/** What PostgreSQL already holds of one account's counted calls today and in the last minute. */
export interface UsageSeed {
  accountId: string;
  /** Set for a key with limits of its own: its counters, apart from its account's. */
  keyId?: string;
  requests: number;
  tokens: number;
  /** Creation times (Unix ms, ascending) of the last minute's counted calls. */
  minute: number[];
}

/** The key's id when it has limits of its own (its counters are seeded too), else null. */
const LIMITED_KEY = `CASE WHEN k.limit_rpm IS NOT NULL OR k.limit_rpd IS NOT NULL
  OR k.limit_tpd IS NOT NULL THEN k.id END`;

/** Endpoints the limiter never counts (recorded unbilled now; rows written before were billed). */
const UNCOUNTED = ["models", "usage"];

/**
 * The counters an in-memory limiter starts from, so a restart does not hand every account a
 * fresh day: billed calls of the endpoints the limiter counts (an admitted call that failed
 * upstream is not billed and not restored) and the tokens they used, per account, from today's
 * rollups and the last minute's events; likewise per key for keys with limits of their own.
 * Two queries, once at start.
 */
export async function loadUsageSeed(
  pool: Pool,
  timeZone: string,
  now = Date.now(),
): Promise<UsageSeed[]> {
  const day = today(now, timeZone).day;
  const [daily, recent] = await Promise.all([
    pool.query<{ account_id: string; key_id: string | null; requests: string; tokens: string }>(
      `SELECT d.account_id, ${LIMITED_KEY} AS key_id, sum(d.billed_requests)::bigint AS requests,
              sum(d.tokens_in + d.tokens_out)::bigint AS tokens
         FROM usage_daily d LEFT JOIN api_keys k ON k.id = d.key_id
        WHERE d.day = $1::date AND d.endpoint <> ALL($2::text[])
        GROUP BY 1, 2`,
      [day, UNCOUNTED],
    ),
    pool.query<{ account_id: string; key_id: string | null; at: string }>(
      `SELECT e.account_id, ${LIMITED_KEY} AS key_id,
              (extract(epoch FROM e.created_at) * 1000)::bigint AS at
         FROM usage_events e LEFT JOIN api_keys k ON k.id = e.key_id
        WHERE e.created_at > $1 AND e.billed AND e.endpoint <> ALL($2::text[])
        ORDER BY e.created_at`,
      [new Date(now - MINUTE_MS), UNCOUNTED],
    ),
  ]);
  const seeds = new Map<string, UsageSeed>();
  const seedOf = (accountId: string, keyId?: string) => {
    const name = keyId === undefined ? accountId : `key:${keyId}`;
    let seed = seeds.get(name);
    if (!seed) {
      seed = { accountId, requests: 0, tokens: 0, minute: [] };
      if (keyId !== undefined) seed.keyId = keyId;
      seeds.set(name, seed);
    }
    return seed;
  };
  for (const row of daily.rows) {
    // Rows are per account and limited key: the account's counters take them all.
    const targets = [seedOf(row.account_id)];
    if (row.key_id !== null) targets.push(seedOf(row.account_id, row.key_id));
    for (const seed of targets) {
      seed.requests += Number(row.requests);
      seed.tokens += Number(row.tokens);
    }
  }
  for (const row of recent.rows) {
    seedOf(row.account_id).minute.push(Number(row.at));
    if (row.key_id !== null) seedOf(row.account_id, row.key_id).minute.push(Number(row.at));
  }
  return [...seeds.values()];
}
