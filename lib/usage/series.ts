import { pool } from "@/lib/services";

export interface DailyPart {
  /** "YYYY-MM-DD", a business-zone day. */
  day: string;
  /** The key id or the endpoint, as asked. */
  part: string;
  requests: string;
  tokens: string;
}

/**
 * Requests and tokens per day and per key or endpoint over [fromDay, toDay], from the usage_daily
 * rollups (primary key starts with account_id, day): never a scan of raw events.
 */
export async function dailyUsageByPart(
  accountId: string,
  split: "key" | "endpoint",
  fromDay: string,
  toDay: string,
  keyId?: string,
): Promise<DailyPart[]> {
  // Chosen from two literals, never from input.
  const column = split === "key" ? "key_id" : "endpoint";
  const { rows } = await pool().query<DailyPart>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${column} AS part,
            sum(requests) AS requests, sum(tokens_in + tokens_out) AS tokens
       FROM usage_daily
      WHERE account_id = $1 AND day BETWEEN $2::date AND $3::date
        AND ($4::text IS NULL OR key_id = $4)
      GROUP BY 1, 2`,
    [accountId, fromDay, toDay, keyId ?? null],
  );
  return rows;
}
