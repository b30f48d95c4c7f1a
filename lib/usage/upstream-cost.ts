import { pool } from "@/lib/services";

/** What the upstreams charged the seller for one model over a range, in micro-rupees. */
export interface ModelUpstreamCost {
  model: string;
  /** Billed calls that reached an upstream (response-cache hits cost the seller nothing). */
  calls: number;
  tokensIn: number;
  tokensCached: number;
  tokensOut: number;
  /** Exact: rates are whole micros per token, summed per version, never rounded per call. */
  costMicros: bigint;
  /** Calls made before the model had any price version: counted, not priced. */
  unpricedCalls: number;
}

interface VersionRow {
  model: string;
  version: string | null;
  calls: string;
  tokens_in: string;
  tokens_cached: string;
  tokens_out: string;
  input: string | null;
  cached: string | null;
  output: string | null;
  per_request: string | null;
}

/**
 * Usage between `from` (inclusive) and `to` (exclusive) summed per model and per price version in
 * force when each call started (the newest effective_from <= the event's created_at, which is the
 * call's start): one pass over the range's partitions through the created_at index, hash-joined
 * on model to the book's few versions laid out as [effective_from, next effective_from) ranges.
 */
const BY_VERSION_SQL = `
WITH versions AS (
  SELECT id, model, effective_from,
         lead(effective_from) OVER (PARTITION BY model ORDER BY effective_from) AS until,
         upstream_input_per_1m_micros AS input,
         upstream_cached_input_per_1m_micros AS cached,
         upstream_output_per_1m_micros AS output,
         upstream_per_request_micros AS per_request
    FROM price_book
), used AS (
  SELECT model, created_at, tokens_in, tokens_cached, tokens_out
    FROM usage_events
   WHERE created_at >= $1 AND created_at < $2 AND billed AND NOT cached AND model <> ''
)
SELECT u.model, v.id AS version,
       count(*)::text AS calls,
       sum(u.tokens_in)::text AS tokens_in,
       sum(LEAST(u.tokens_cached, u.tokens_in))::text AS tokens_cached,
       sum(u.tokens_out)::text AS tokens_out,
       min(v.input)::text AS input, min(v.cached)::text AS cached,
       min(v.output)::text AS output, min(v.per_request)::text AS per_request
  FROM used u
  LEFT JOIN versions v
    ON v.model = u.model AND u.created_at >= v.effective_from
   AND (v.until IS NULL OR u.created_at < v.until)
 GROUP BY u.model, v.id`;

const MILLION = 1_000_000n;

/** Micros per 1M tokens × tokens, summed first and divided once, rounded up to a whole micro. */
function perMillion(parts: [rate: bigint, count: bigint][]): bigint {
  const sum = parts.reduce((total, [rate, count]) => total + rate * count, 0n);
  return (sum + MILLION - 1n) / MILLION;
}

/**
 * What the upstreams cost the seller over [from, to), per model, at the upstream rates of the
 * price book version in force when each call started; cached input tokens at the cached rate.
 * Images, audio seconds and speech characters are not on usage_events, so only tokens and
 * per-request prices count here.
 */
export async function upstreamCostByModel(from: Date, to: Date): Promise<ModelUpstreamCost[]> {
  const { rows } = await pool().query<VersionRow>(BY_VERSION_SQL, [from, to]);
  const byModel = new Map<string, ModelUpstreamCost>();
  for (const row of rows) {
    const calls = BigInt(row.calls);
    const tokensIn = BigInt(row.tokens_in);
    const tokensCached = BigInt(row.tokens_cached);
    const tokensOut = BigInt(row.tokens_out);
    const cost =
      row.version === null
        ? 0n
        : perMillion([
            [BigInt(row.input ?? 0), tokensIn - tokensCached],
            [BigInt(row.cached ?? 0), tokensCached],
            [BigInt(row.output ?? 0), tokensOut],
          ]) +
          calls * BigInt(row.per_request ?? 0);
    const model = byModel.get(row.model) ?? {
      model: row.model,
      calls: 0,
      tokensIn: 0,
      tokensCached: 0,
      tokensOut: 0,
      costMicros: 0n,
      unpricedCalls: 0,
    };
    model.calls += Number(calls);
    model.tokensIn += Number(tokensIn);
    model.tokensCached += Number(tokensCached);
    model.tokensOut += Number(tokensOut);
    model.costMicros += cost;
    if (row.version === null) model.unpricedCalls += Number(calls);
    byModel.set(row.model, model);
  }
  return [...byModel.values()].sort((a, b) =>
    a.costMicros === b.costMicros
      ? a.model.localeCompare(b.model)
      : a.costMicros > b.costMicros
        ? -1
        : 1,
  );
}

/** The total of upstreamCostByModel, in micros. */
export function totalUpstreamMicros(models: readonly ModelUpstreamCost[]): bigint {
  return models.reduce((sum, model) => sum + model.costMicros, 0n);
}
