import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/services";
import type { AccountEventType } from "./events";

/** Prisma itself or an interactive transaction: an event is written in its change's transaction. */
export type Sql = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/** The JSON an event carries as its webhook's `data` and its mail's facts. */
export type EventPayload = Record<string, string | number | boolean | null>;

export function newEventId(): string {
  return `evt_${randomBytes(16).toString("hex")}`;
}

/**
 * Record that something happened to an account: one account_events row (mailed to its owners by
 * the worker) and one pending delivery per live endpoint that chose this type, in one statement.
 * Pass the change's transaction as `sql` so the event exists exactly when the change does
 * (a transactional outbox); the worker (worker.ts) sends it. Returns the event id.
 */
export async function emitAccountEvent(
  accountId: string,
  type: AccountEventType,
  payload: EventPayload,
  sql: Sql = db(),
): Promise<string> {
  const id = newEventId();
  const json = JSON.stringify(payload);
  await sql.$executeRaw`
    WITH event AS (
      INSERT INTO account_events (id, account_id, type, payload)
      VALUES (${id}, ${accountId}, ${type}, ${json}::jsonb)
      RETURNING id)
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id, account_id)
    SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), event.id, w.id, w.account_id
      FROM webhook_endpoints w, event
     WHERE w.account_id = ${accountId} AND w.removed_at IS NULL AND ${type} = ANY (w.events)`;
  return id;
}
