import { pool } from "@/lib/services";
import type { UsageEvent } from "./event";

/** Rows per keyset page of an export. */
export const EXPORT_BATCH = 1_000;

/** One usage event as the portal lists and exports it. */
export type ExportedEvent = UsageEvent;

export interface ExportWindow {
  /** First day of the window and the day after its last ("YYYY-MM-DD", business time zone). */
  first: string;
  next: string;
  timeZone: string;
  keyId?: string;
}

/**
 * One keyset page (EXPORT_BATCH rows, oldest first) of an account's raw events in `window`,
 * after `cursor`: pages over (account_id, created_at) keep memory flat however big the month is.
 */
export async function exportedEvents(
  accountId: string,
  window: ExportWindow,
  cursor: { at: Date; id: string } | null,
): Promise<ExportedEvent[]> {
  const cursorAt: Date | null = cursor?.at ?? null;
  const cursorId: string = cursor?.id ?? "";
  const result = await pool().query<ExportedEvent>(
    `SELECT id, created_at, key_id, endpoint, model, status, tokens_in, tokens_out, latency_ms,
              cached, billed, error_code, cost_paisa
         FROM usage_events
        WHERE account_id = $1
          AND created_at >= ($2::date::timestamp AT TIME ZONE $4)
          AND created_at < ($3::date::timestamp AT TIME ZONE $4)
          AND ($5::text IS NULL OR key_id = $5)
          AND ($6::timestamptz IS NULL OR (created_at, id) > ($6, $7))
        ORDER BY created_at, id
        LIMIT ${EXPORT_BATCH}`,
    [
      accountId,
      window.first,
      window.next,
      window.timeZone,
      window.keyId ?? null,
      cursorAt,
      cursorId,
    ],
  );
  return result.rows;
}
