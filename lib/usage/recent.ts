import { pool } from "@/lib/services";
import type { UsageEvent } from "./event";

/** One usage event as the portal lists and exports it. */
export type RecentEvent = UsageEvent;

const COLUMNS = `id, created_at, key_id, endpoint, model, status, tokens_in, tokens_out,
  latency_ms, cost_paisa, cached, billed, error_code`;

/**
 * An account's latest `limit` raw events, newest first. ORDER BY created_at DESC + LIMIT on
 * (account_id, created_at desc) — or (key_id, created_at desc) for one key — reads only `limit` rows.
 */
export async function recentEvents(
  accountId: string,
  limit: number,
  keyId?: string,
): Promise<RecentEvent[]> {
  const { rows } = keyId
    ? await pool().query<RecentEvent>(
        `SELECT ${COLUMNS} FROM usage_events WHERE key_id = $1 AND account_id = $2
          ORDER BY created_at DESC LIMIT $3`,
        [keyId, accountId, limit],
      )
    : await pool().query<RecentEvent>(
        `SELECT ${COLUMNS} FROM usage_events WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`,
        [accountId, limit],
      );
  return rows;
}

/** Billed requests of the last minute, from raw events bounded by the (account_id, created_at desc) index. */
export async function billedRequestsLastMinute(accountId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM usage_events
      WHERE account_id = $1 AND created_at > now() - interval '60 seconds' AND billed`,
    [accountId],
  );
  return Number(rows[0].n);
}
