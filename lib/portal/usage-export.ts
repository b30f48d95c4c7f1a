import { env } from "@/lib/config/env";
import { pool } from "@/lib/services";
import { csvRow } from "./csv";
import { monthBounds } from "./days";
import { keyLabels } from "./key-labels";

const HEADER = [
  "time_utc",
  "request_id",
  "key_id",
  "key_label",
  "key",
  "endpoint",
  "model",
  "status",
  "tokens_in",
  "tokens_out",
  "latency_ms",
  "cached",
  "billed",
  "error_code",
  "cost_pkr",
] as const;

const BATCH = 1_000;

interface Row {
  id: string;
  created_at: Date;
  key_id: string | null;
  endpoint: string;
  model: string;
  status: number;
  tokens_in: number;
  tokens_out: number;
  latency_ms: number;
  cached: boolean;
  billed: boolean;
  error_code: string | null;
  cost_paisa: number;
}

/**
 * Every request of one business-time-zone month as CSV lines, oldest first. Keyset pages of
 * 1,000 rows over (account_id, created_at): memory stays flat however big the month is.
 */
export async function* usageCsv(
  accountId: string,
  month: string,
  keyId?: string,
): AsyncGenerator<string> {
  const { first, next } = monthBounds(month);
  const labels = await keyLabels(accountId);
  yield csvRow(HEADER);
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const cursorAt: Date | null = cursor?.at ?? null;
    const cursorId: string = cursor?.id ?? "";
    const result = await pool().query<Row>(
      `SELECT id, created_at, key_id, endpoint, model, status, tokens_in, tokens_out, latency_ms,
              cached, billed, error_code, cost_paisa
         FROM usage_events
        WHERE account_id = $1
          AND created_at >= ($2::date::timestamp AT TIME ZONE $4)
          AND created_at < ($3::date::timestamp AT TIME ZONE $4)
          AND ($5::text IS NULL OR key_id = $5)
          AND ($6::timestamptz IS NULL OR (created_at, id) > ($6, $7))
        ORDER BY created_at, id
        LIMIT ${BATCH}`,
      [accountId, first, next, env().DARWAZA_TIMEZONE, keyId ?? null, cursorAt, cursorId],
    );
    const rows: Row[] = result.rows;
    for (const row of rows) {
      const key = row.key_id ? labels.get(row.key_id) : undefined;
      yield csvRow([
        row.created_at.toISOString(),
        row.id,
        row.key_id,
        key?.label,
        key?.display,
        row.endpoint,
        row.model,
        row.status,
        row.tokens_in,
        row.tokens_out,
        row.latency_ms,
        row.cached,
        row.billed,
        row.error_code,
        (row.cost_paisa / 100).toFixed(2),
      ]);
    }
    if (rows.length < BATCH) return;
    const last: Row = rows[rows.length - 1];
    cursor = { at: last.created_at, id: last.id };
  }
}
