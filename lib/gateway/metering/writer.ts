import { once } from "node:events";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { isPgError } from "@/lib/db/pg-errors";
import { copyRows, EVENT_COLUMNS } from "./copy-rows";
import { foldDaily } from "./daily-fold";
import { COPY_DEBITS, debitRows, insertStagedDebits } from "./ledger-debits";
import { COPY_POSTPAID, insertStagedPostpaid, postpaidRows } from "./postpaid-charges";
import { dailyRollupSql, FOLDED_ROLLUP_SQL } from "./rollup-sql";
import type { BatchWriter, UsageEventRow } from "./types";

/**
 * A batch is one transaction: COPY the events into usage_events, then add the daily rollups folded
 * in Node (daily-fold.ts), so rollups always equal the events. COPY and a folded upsert, because
 * Postgres shares the gateway's cores and they cost it the least CPU per event (npm run bench).
 *
 * Idempotence rests on the primary key (id, created_at): a batch that repeats any stored event (a
 * retry whose first attempt committed after all, events recovered from a spill file) fails whole
 * with a unique violation, changing nothing, and is written again through a temporary table by
 * one INSERT that skips the ids already stored and rolls up only the rows it inserted. Nothing is
 * ever counted twice. Usage debits of calls charged to credit go to the ledger in the same
 * transaction (ledger-debits.ts), so the ledger always equals the events; so do the charges of
 * postpaid calls (postpaid-charges.ts), which billing reports to Stripe.
 */
const COPY_EVENTS = `COPY usage_events (${EVENT_COLUMNS}) FROM STDIN`;
const STAGE = "CREATE TEMPORARY TABLE usage_batch (LIKE usage_events) ON COMMIT DROP";
const COPY_STAGED = `COPY usage_batch (${EVENT_COLUMNS}) FROM STDIN`;
const INSERT_STAGED = `
WITH ins AS (
  INSERT INTO usage_events (${EVENT_COLUMNS})
  SELECT ${EVENT_COLUMNS} FROM usage_batch
  ON CONFLICT (id, created_at) DO NOTHING
  RETURNING account_id, key_id, endpoint, model, status, tokens_in, tokens_out, latency_ms, cached,
    billed, cost_paisa, created_at
)
${dailyRollupSql("ins", "$1")}`;
const UNIQUE_VIOLATION = "23505";

/** Rows encoded between two turns of the event loop: a whole batch at once shows in the p99. */
const SLICE_ROWS = 100;

/** The batch as COPY text (EVENT_COLUMNS' order), in slices (see SLICE_ROWS). */
async function batchText(batch: readonly UsageEventRow[]): Promise<string> {
  const slices: string[] = [];
  for (let start = 0; start < batch.length; start += SLICE_ROWS) {
    if (start > 0) await yieldToLoop();
    slices.push(copyRows(batch.slice(start, start + SLICE_ROWS)));
  }
  return slices.join("");
}

async function copyIn(client: PoolClient, sql: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = once(stream, "finish");
  stream.end(text);
  await done;
}

async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await work(client);
    await client.query("COMMIT");
  } catch (error) {
    // A connection that cannot even roll back is broken: destroy it rather than reuse it.
    const broken = await client.query("ROLLBACK").then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    client.release(broken);
    throw error;
  }
  client.release();
}

export function batchWriter(pool: () => Pool, timeZone: string): BatchWriter {
  return async (batch: UsageEventRow[]) => {
    if (batch.length === 0) return;
    const text = await batchText(batch);
    const debits = debitRows(batch);
    const postpaid = postpaidRows(batch);
    try {
      await inTransaction(pool(), async (client) => {
        await copyIn(client, COPY_EVENTS, text);
        await client.query(FOLDED_ROLLUP_SQL, foldDaily(batch, timeZone));
        if (debits) await copyIn(client, COPY_DEBITS, debits);
        if (postpaid) await copyIn(client, COPY_POSTPAID, postpaid);
      });
    } catch (error) {
      if (!isPgError(error, UNIQUE_VIOLATION)) throw error;
      // The same text again, through a table that lets the INSERT skip the stored events.
      await inTransaction(pool(), async (client) => {
        await client.query(STAGE);
        await copyIn(client, COPY_STAGED, text);
        await client.query(INSERT_STAGED, [timeZone]);
        if (debits) await insertStagedDebits(client, debits, copyIn);
        if (postpaid) await insertStagedPostpaid(client, postpaid, copyIn);
      });
    }
  };
}
