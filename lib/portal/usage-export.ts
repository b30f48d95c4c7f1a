import { env } from "@/lib/config/env";
import { EXPORT_BATCH, exportedEvents } from "@/lib/usage/export";
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

/**
 * Every request of one business-time-zone month as CSV lines, oldest first, read a keyset page
 * at a time (lib/usage/export.ts): memory stays flat however big the month is.
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
    const rows = await exportedEvents(
      accountId,
      { first, next, timeZone: env().DARWAZA_TIMEZONE, keyId },
      cursor,
    );
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
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1];
    cursor = { at: last.created_at, id: last.id };
  }
}
