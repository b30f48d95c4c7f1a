import { pool } from "@/lib/services";

/** Per account: the ledger's usage debits against the costs of the events they charged. */
export interface DebitTotals {
  accountId: string;
  debits: number;
  debitedMicros: bigint;
  /** cost_micros of the events those debits name (request id = event id). */
  eventCostMicros: bigint;
  mismatched: number;
}

/** One usage debit that does not equal its event: missing, another account's, another cost. */
export interface DebitMismatch {
  accountId: string;
  requestId: string | null;
  idempotencyKey: string;
  debitedMicros: bigint;
  eventCostMicros: bigint | null;
  eventAccountId: string | null;
}

/**
 * Every usage debit joined to its event by request id (the debit's key is usage:<request id>,
 * written in the events' own transaction). The event's id leads its primary key in every
 * partition, so each debit finds its event by index.
 */
const JOINED = `
  SELECT l.account_id, l.request_id, l.idempotency_key, -l.amount_micros AS debited,
         e.cost_micros, e.account_id AS event_account,
         (e.id IS NULL OR e.account_id <> l.account_id OR e.cost_micros <> -l.amount_micros
          OR l.idempotency_key IS DISTINCT FROM 'usage:' || l.request_id) AS bad
    FROM ledger_entries l
    LEFT JOIN usage_events e ON e.id = l.request_id
   WHERE l.kind = 'usage'`;

export async function debitTotals(): Promise<DebitTotals[]> {
  const { rows } = await pool().query<{
    account_id: string;
    debits: number;
    debited: string;
    costs: string;
    mismatched: number;
  }>(
    `SELECT account_id, count(*)::int AS debits, sum(debited)::text AS debited,
            COALESCE(sum(cost_micros) FILTER (WHERE event_account = account_id), 0)::text AS costs,
            count(*) FILTER (WHERE bad)::int AS mismatched
       FROM (${JOINED}) j GROUP BY account_id`,
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    debits: row.debits,
    debitedMicros: BigInt(row.debited),
    eventCostMicros: BigInt(row.costs),
    mismatched: row.mismatched,
  }));
}

/** The mismatched debits themselves, at most `limit`, by account. */
export async function debitMismatches(limit = 500): Promise<DebitMismatch[]> {
  const { rows } = await pool().query<{
    account_id: string;
    request_id: string | null;
    idempotency_key: string;
    debited: string;
    cost_micros: string | null;
    event_account: string | null;
  }>(
    `SELECT account_id, request_id, idempotency_key, debited::text, cost_micros::text, event_account
       FROM (${JOINED}) j WHERE bad ORDER BY account_id, idempotency_key LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    requestId: row.request_id,
    idempotencyKey: row.idempotency_key,
    debitedMicros: BigInt(row.debited),
    eventCostMicros: row.cost_micros === null ? null : BigInt(row.cost_micros),
    eventAccountId: row.event_account,
  }));
}
