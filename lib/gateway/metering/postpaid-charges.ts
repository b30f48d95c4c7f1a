import type { PoolClient } from "pg";
import { nullable, text, timestamp } from "./copy-rows";
import type { UsageEventRow } from "./types";

/**
 * The postpaid charges of a batch, written in the batch's transaction like the ledger's debits:
 * one per event charged on postpaid overage, keyed by its request id, so what is billed through
 * Stripe always equals the charged events and a batch written twice charges once.
 */
const COLUMNS = "request_id, account_id, key_id, amount_micros, created_at";
export const COPY_POSTPAID = `COPY postpaid_charges (${COLUMNS}) FROM STDIN`;
const STAGE = `CREATE TEMPORARY TABLE postpaid_batch (${COLUMNS.split(", ")
  .map(
    (c) => `${c} ${c === "amount_micros" ? "bigint" : c === "created_at" ? "timestamptz" : "text"}`,
  )
  .join(", ")}) ON COMMIT DROP`;
const COPY_STAGED = `COPY postpaid_batch (${COLUMNS}) FROM STDIN`;
const INSERT_STAGED = `
INSERT INTO postpaid_charges (${COLUMNS}) SELECT ${COLUMNS} FROM postpaid_batch
ON CONFLICT (request_id) DO NOTHING`;

/** The batch's postpaid charges as COPY text (COLUMNS' order); "" when none was postpaid. */
export function postpaidRows(batch: readonly UsageEventRow[]): string {
  let rows = "";
  for (const e of batch) {
    if (!e.postpaidMicros) continue;
    rows += `${text(e.id)}\t${text(e.accountId)}\t${nullable(e.keyId)}\t${e.postpaidMicros}\t${timestamp(e.createdAt)}\n`;
  }
  return rows;
}

/** The retry path: through a temporary table, so the charges already stored are skipped. */
export async function insertStagedPostpaid(
  client: PoolClient,
  rows: string,
  copyIn: (client: PoolClient, sql: string, text: string) => Promise<void>,
): Promise<void> {
  await client.query(STAGE);
  await copyIn(client, COPY_STAGED, rows);
  await client.query(INSERT_STAGED);
}
