import { db } from "@/lib/services";

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** The account's newest deliveries, with the event and endpoint each went to. */
export async function listDeliveries(accountId: string, limit = 50): Promise<DeliveryView[]> {
  const rows = await db().$queryRaw<
    {
      id: string;
      event_id: string;
      type: string;
      url: string;
      status: string;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
      next_attempt_at: Date;
      created_at: Date;
      delivered_at: Date | null;
    }[]
  >`
    SELECT d.id, d.event_id, e.type, w.url, d.status, d.attempts, d.last_status, d.last_error,
           d.next_attempt_at, d.created_at, d.delivered_at
      FROM webhook_deliveries d
      JOIN account_events e ON e.id = d.event_id
      JOIN webhook_endpoints w ON w.id = d.endpoint_id
     WHERE d.account_id = ${accountId}
     ORDER BY d.created_at DESC, d.id DESC
     LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event_id,
    eventType: row.type,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.status === "pending" ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  }));
}

/**
 * Send a delivery's event again to its endpoint, as a new delivery (same webhook-id, so a
 * receiver that already has it can tell), due at once. Only the account's own, to a live endpoint.
 */
export async function resendDelivery(
  accountId: string,
  deliveryId: string,
): Promise<string | null> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id, account_id)
    SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), d.event_id, d.endpoint_id, d.account_id
      FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
     WHERE d.id = ${deliveryId} AND d.account_id = ${accountId} AND w.removed_at IS NULL
    RETURNING id`;
  return rows[0]?.id ?? null;
}
