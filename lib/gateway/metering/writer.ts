import type { Pool } from "pg";
import { boolArray, numberArray, textArray } from "./pg-arrays";
import type { BatchWriter, UsageEventRow } from "./types";

/**
 * One statement per batch: insert the events (skipping ids already stored, so a retried batch
 * adds nothing twice) and add exactly the rows that were inserted to the daily rollups. Rollups
 * therefore always equal the events. Arrays go through unnest: one round trip, one plan.
 * The rollup day is the event's calendar day in the business time zone ($17).
 * usage_events is partitioned by month, so its key is (id, created_at): a retry carries both.
 * Rollup rows are upserted in key order, so two instances flushing at once lock them in the same
 * order instead of deadlocking.
 */
const SQL = `
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
  ON CONFLICT (id, created_at) DO NOTHING
  RETURNING account_id, key_id, endpoint, model, status, tokens_in, tokens_out, latency_ms, cached,
    billed, cost_paisa, created_at
)
INSERT INTO usage_daily AS d (account_id, day, key_id, endpoint, model, requests, billed_requests,
  errors, cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum)
SELECT account_id, (created_at AT TIME ZONE $17)::date, COALESCE(key_id, ''), endpoint, model,
  count(*)::int, (count(*) FILTER (WHERE billed))::int, (count(*) FILTER (WHERE status >= 400))::int,
  (count(*) FILTER (WHERE cached))::int, sum(tokens_in), sum(tokens_out), sum(cost_paisa),
  sum(latency_ms)
FROM ins
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (account_id, day, key_id, endpoint, model) DO UPDATE SET
  requests = d.requests + EXCLUDED.requests,
  billed_requests = d.billed_requests + EXCLUDED.billed_requests,
  errors = d.errors + EXCLUDED.errors,
  cached_requests = d.cached_requests + EXCLUDED.cached_requests,
  tokens_in = d.tokens_in + EXCLUDED.tokens_in,
  tokens_out = d.tokens_out + EXCLUDED.tokens_out,
  cost_paisa = d.cost_paisa + EXCLUDED.cost_paisa,
  latency_ms_sum = d.latency_ms_sum + EXCLUDED.latency_ms_sum
`;

export function batchWriter(pool: () => Pool, timeZone: string): BatchWriter {
  return async (batch: UsageEventRow[]) => {
    const text = (pick: (e: UsageEventRow) => string | null) => textArray(batch.map(pick));
    const num = (pick: (e: UsageEventRow) => number) => numberArray(batch.map(pick));
    const bool = (pick: (e: UsageEventRow) => boolean) => boolArray(batch.map(pick));
    await pool().query(SQL, [
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
      timeZone,
    ]);
  };
}
