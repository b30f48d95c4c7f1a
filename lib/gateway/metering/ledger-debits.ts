import type { PoolClient } from "pg";
import { nullable, text, timestamp } from "./copy-rows";
import type { UsageEventRow } from "./types";

/**
 * The ledger's usage debits of a batch, written in the batch's transaction: one per event charged
 * to credit, keyed usage:<request id>, so the debits always equal the charged events and a batch
 * written twice (a retry, a replayed spill) debits once.
 */
const COLUMNS =
  "idempotency_key, account_id, kind, amount_micros, key_id, request_id, actor_type, created_at";
export const COPY_DEBITS = `COPY ledger_entries (${COLUMNS}) FROM STDIN`;
const STAGE_DEBITS =
  "CREATE TEMPORARY TABLE ledger_batch (LIKE ledger_entries INCLUDING DEFAULTS) ON COMMIT DROP";
export const COPY_STAGED_DEBITS = `COPY ledger_batch (${COLUMNS}) FROM STDIN`;
const INSERT_STAGED_DEBITS = `
INSERT INTO ledger_entries (${COLUMNS}) SELECT ${COLUMNS} FROM ledger_batch
ON CONFLICT (idempotency_key) DO NOTHING`;

/** The batch's debits as COPY text (COLUMNS' order); "" when none was charged to credit. */
export function debitRows(batch: readonly UsageEventRow[]): string {
  let rows = "";
  for (const e of batch) {
    if (!e.creditMicros) continue;
    const id = text(e.id);
    rows += `usage:${id}\t${text(e.accountId)}\tusage\t${-e.creditMicros}\t${nullable(e.keyId)}\t${id}\tgateway\t${timestamp(e.createdAt)}\n`;
  }
  return rows;
}

/**
 * The retry path (a batch that repeats stored events): the debits through a temporary table, so
 * the ones already stored are skipped. The first path COPYs them straight (copyIn with
 * COPY_DEBITS): with its events new, none of their debits can exist yet.
 */
export async function insertStagedDebits(
  client: PoolClient,
  rows: string,
  copyIn: (client: PoolClient, sql: string, text: string) => Promise<void>,
): Promise<void> {
  await client.query(STAGE_DEBITS);
  await copyIn(client, COPY_STAGED_DEBITS, rows);
  await client.query(INSERT_STAGED_DEBITS);
}
