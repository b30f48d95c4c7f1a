import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Pool } from "pg";
import { isPgError } from "@/lib/db/migrate/connection";
import { arrayLiteral, boolElements, numberElements, textElements } from "./pg-arrays";
import { dailyRollupSql } from "./rollup-sql";
import type { BatchWriter, UsageEventRow } from "./types";

/**
 * One statement per batch: insert the events and add exactly the rows that were inserted to the
 * daily rollups, so rollups always equal the events. Arrays go through unnest: one round trip,
 * one plan. The rollup day is the event's calendar day in the business time zone ($17).
 * usage_events is partitioned by month, so its key is (id, created_at): a retry carries both.
 *
 * A batch is first written without ON CONFLICT: the speculative insertion it needs costs about a
 * third of Postgres's CPU per event (measured ~29 → ~19 µs), and a batch of new events has no
 * duplicate. Idempotence still rests on the primary key: a batch that repeats any stored event
 * (a retry whose first attempt committed after all, events recovered from a spill file) fails
 * whole with a unique violation, changing nothing, and is written again skipping the ids already
 * stored. Nothing is ever counted twice either way.
 */
function batchSql(skipStored: boolean): string {
  return `
WITH rows AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
    $9::int[], $10::int[], $11::bool[], $12::bool[], $13::bool[], $14::text[], $15::int[], $16::bigint[]
  ) AS r(id, account_id, key_id, endpoint, model, upstream, status, tokens_in, tokens_out,
         latency_ms, cached, estimated, billed, error_code, cost_paisa, created_ms)
), ins AS (
  INSERT INTO usage_events (id, account_id, key_id, endpoint, model, upstream, status, tokens_in,
    tokens_out, latency_ms, cached, estimated, billed, error_code, cost_paisa, created_at)
  SELECT id, account_id, key_id, endpoint, model, upstream, status, tokens_in, tokens_out,
    latency_ms, cached, estimated, billed, error_code, cost_paisa,
    timestamptz 'epoch' + created_ms * interval '1 millisecond'
  FROM rows
  ${skipStored ? "ON CONFLICT (id, created_at) DO NOTHING" : ""}
  RETURNING account_id, key_id, endpoint, model, status, tokens_in, tokens_out, latency_ms, cached,
    billed, cost_paisa, created_at
)
${dailyRollupSql("ins", "$17")}
`;
}

const NEW_EVENTS = batchSql(false);
const SKIP_STORED = batchSql(true);
const UNIQUE_VIOLATION = "23505";

type Rows = readonly UsageEventRow[];
const text = (pick: (e: UsageEventRow) => string | null) => (rows: Rows) =>
  textElements(rows.map(pick));
const num = (pick: (e: UsageEventRow) => number) => (rows: Rows) => numberElements(rows.map(pick));
const bool = (pick: (e: UsageEventRow) => boolean) => (rows: Rows) => boolElements(rows.map(pick));

/** $1–$16: how each array parameter's elements are read from a slice of rows. */
const COLUMNS: ((rows: Rows) => string)[] = [
  text((e) => e.id),
  text((e) => e.accountId),
  text((e) => e.keyId),
  text((e) => e.endpoint),
  text((e) => e.model),
  text((e) => e.upstream),
  num((e) => e.status),
  num((e) => e.tokensIn),
  num((e) => e.tokensOut),
  num((e) => e.latencyMs),
  bool((e) => e.cached),
  bool((e) => e.estimated),
  bool((e) => e.billed),
  text((e) => e.errorCode),
  num((e) => e.costPaisa),
  num((e) => e.createdAt),
];

/**
 * Rows encoded between two turns of the event loop. Encoding a whole batch (1,000 events) at
 * once held every request in flight for a few milliseconds, which showed in the gateway's p99;
 * a slice takes a fraction of a millisecond.
 */
const SLICE_ROWS = 100;

async function arrayParams(batch: Rows): Promise<string[]> {
  const slices: string[][] = COLUMNS.map(() => []);
  for (let start = 0; start < batch.length; start += SLICE_ROWS) {
    if (start > 0) await yieldToLoop();
    const rows = batch.slice(start, start + SLICE_ROWS);
    for (let i = 0; i < COLUMNS.length; i++) slices[i].push(COLUMNS[i](rows));
  }
  return slices.map(arrayLiteral);
}

export function batchWriter(pool: () => Pool, timeZone: string): BatchWriter {
  return async (batch: UsageEventRow[]) => {
    const params = [...(await arrayParams(batch)), timeZone];
    try {
      await pool().query(NEW_EVENTS, params);
    } catch (error) {
      if (!isPgError(error, UNIQUE_VIOLATION)) throw error;
      await pool().query(SKIP_STORED, params);
    }
  };
}
