/**
 * The usage_daily upsert, in two forms with one conflict rule: from the usage_events rows a
 * statement just inserted (`dailyRollupSql`), or from rollup rows folded in Node
 * (`FOLDED_ROLLUP_SQL`, see daily-fold.ts). Rows are upserted in key order, so two writers
 * flushing at once lock them in the same order instead of deadlocking.
 */
function upsertDaily(select: string): string {
  return `
INSERT INTO usage_daily AS d (account_id, day, key_id, endpoint, model, requests, billed_requests,
  errors, cached_requests, tokens_in, tokens_out, cost_paisa, latency_ms_sum)
${select}
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (account_id, day, key_id, endpoint, model) DO UPDATE SET
  requests = d.requests + EXCLUDED.requests,
  billed_requests = d.billed_requests + EXCLUDED.billed_requests,
  errors = d.errors + EXCLUDED.errors,
  cached_requests = d.cached_requests + EXCLUDED.cached_requests,
  tokens_in = d.tokens_in + EXCLUDED.tokens_in,
  tokens_out = d.tokens_out + EXCLUDED.tokens_out,
  cost_paisa = d.cost_paisa + EXCLUDED.cost_paisa,
  latency_ms_sum = d.latency_ms_sum + EXCLUDED.latency_ms_sum`;
}

/**
 * From inserted events: `source` names the CTE holding them (INSERT … RETURNING account_id,
 * key_id, endpoint, model, status, billed, cached, tokens_in, tokens_out, cost_paisa, latency_ms,
 * created_at), `timeZone` the parameter with the business time zone. One text for the gateway's
 * fallback writer and the history seeder, so both fold events into rollups the same way.
 */
export function dailyRollupSql(source: string, timeZone: string): string {
  return upsertDaily(`
SELECT account_id, (created_at AT TIME ZONE ${timeZone})::date, COALESCE(key_id, ''), endpoint, model,
  count(*)::int, (count(*) FILTER (WHERE billed))::int, (count(*) FILTER (WHERE status >= 400))::int,
  (count(*) FILTER (WHERE cached))::int, sum(tokens_in), sum(tokens_out), sum(cost_paisa),
  sum(latency_ms)
FROM ${source}
GROUP BY 1, 2, 3, 4, 5`);
}

/** From rollup rows already folded, one array parameter a column ($1–$13, daily-fold.ts's order). */
export const FOLDED_ROLLUP_SQL = upsertDaily(`
SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[],
  $7::int[], $8::int[], $9::int[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])`);
