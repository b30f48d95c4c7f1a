import type { PoolClient } from "pg";
import type { UsageEventRow } from "./types";

/**
 * The ledger's usage debits of a batch, written in the batch's transaction: one per event charged
 * to credit, keyed usage:<request id>, so the debits always equal the charged events and a batch
 * written twice (a retry, a replayed spill) debits once.
 */
const INSERT_DEBITS = `
INSERT INTO ledger_entries
  (account_id, kind, amount_micros, idempotency_key, key_id, request_id, actor_type, created_at)
SELECT u.account_id, 'usage', -u.micros, 'usage:' || u.request_id, u.key_id, u.request_id,
       'gateway', to_timestamp(u.at / 1000.0)
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[])
       AS u(account_id, key_id, request_id, micros, at)
ON CONFLICT (idempotency_key) DO NOTHING`;

export async function writeLedgerDebits(
  client: PoolClient,
  batch: readonly UsageEventRow[],
): Promise<void> {
  const accounts: string[] = [];
  const keys: (string | null)[] = [];
  const requests: string[] = [];
  const micros: number[] = [];
  const at: number[] = [];
  for (const event of batch) {
    if (!event.creditMicros) continue;
    accounts.push(event.accountId);
    keys.push(event.keyId);
    requests.push(event.id);
    micros.push(event.creditMicros);
    at.push(event.createdAt);
  }
  // Most batches charge nothing: no statement at all for them.
  if (requests.length === 0) return;
  await client.query(INSERT_DEBITS, [accounts, keys, requests, micros, at]);
}
