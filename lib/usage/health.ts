import { pool } from "@/lib/services";

/** At most this many of the newest events are read: the view stays bounded under any load. */
export const HEALTH_SAMPLE_LIMIT = 200_000;

export interface HealthMinute {
  /** Start of the minute, ISO. */
  minute: string;
  requests: number;
  /** 5xx answers: the gateway or an upstream failed. */
  errors: number;
  /** 4xx answers: refused (limits, bad keys, bad input). */
  rejected: number;
  p50: number;
  p99: number;
}

export interface UpstreamHealth {
  upstream: string;
  requests: number;
  errors: number;
  p99: number;
  recentRequests: number;
  recentErrors: number;
  lastErrorAt: Date | null;
  status: "ok" | "degraded" | "down";
}

export interface GatewayHealth {
  requests: number;
  errors: number;
  rejected: number;
  errorRate: number;
  requestsPerMinute: number;
  p50: number;
  p99: number;
  minutes: HealthMinute[];
  upstreams: UpstreamHealth[];
  /** True when the hour had more events than the sample holds (figures are for the newest). */
  sampled: boolean;
}

interface Row {
  minute: Date | null;
  upstream: string | null;
  total: boolean;
  requests: number;
  errors: number;
  rejected: number;
  p50: number | null;
  p99: number | null;
  recent_requests: number;
  recent_errors: number;
  last_error_at: Date | null;
}

/** Over the last five minutes: most calls failing is down, a few percent is degraded. */
function upstreamStatus(requests: number, errors: number): UpstreamHealth["status"] {
  if (requests === 0) return "ok";
  const rate = errors / requests;
  if (rate >= 0.5) return "down";
  return rate >= 0.05 ? "degraded" : "ok";
}

/**
 * The last hour of the gateway from raw events — the one admin view that reads usage_events,
 * through its created_at index and capped at HEALTH_SAMPLE_LIMIT rows. One pass with GROUPING SETS
 * gives per-minute, per-upstream and overall figures; percentile_cont gives exact p50/p99 latencies.
 */
export async function gatewayHealth(at: Date = new Date()): Promise<GatewayHealth> {
  const { rows } = await pool().query<Row>(
    `WITH recent AS (
       SELECT created_at, status, latency_ms, upstream FROM usage_events
        WHERE created_at > $1::timestamptz - interval '1 hour' AND created_at <= $1
        ORDER BY created_at DESC LIMIT $2
     )
     SELECT date_trunc('minute', created_at) AS minute, upstream,
            GROUPING(date_trunc('minute', created_at), upstream) = 3 AS total,
            count(*)::int AS requests,
            count(*) FILTER (WHERE status >= 500)::int AS errors,
            count(*) FILTER (WHERE status BETWEEN 400 AND 499)::int AS rejected,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
            count(*) FILTER (WHERE created_at > $1::timestamptz - interval '5 minutes')::int AS recent_requests,
            count(*) FILTER (WHERE status >= 500 AND created_at > $1::timestamptz - interval '5 minutes')::int
              AS recent_errors,
            max(created_at) FILTER (WHERE status >= 500) AS last_error_at
       FROM recent
      GROUP BY GROUPING SETS ((date_trunc('minute', created_at)), (upstream), ())`,
    [at, HEALTH_SAMPLE_LIMIT],
  );
  const total = rows.find((row) => row.total);
  const requests = total?.requests ?? 0;
  const minutes = rows
    .filter((row) => row.minute !== null)
    .map((row) => ({
      minute: row.minute!.toISOString(),
      requests: row.requests,
      errors: row.errors,
      rejected: row.rejected,
      p50: Math.round(row.p50 ?? 0),
      p99: Math.round(row.p99 ?? 0),
    }))
    .sort((a, b) => a.minute.localeCompare(b.minute));
  const upstreams = rows
    .filter((row) => !row.total && row.minute === null && row.upstream)
    .map((row) => ({
      upstream: row.upstream!,
      requests: row.requests,
      errors: row.errors,
      p99: Math.round(row.p99 ?? 0),
      recentRequests: row.recent_requests,
      recentErrors: row.recent_errors,
      lastErrorAt: row.last_error_at,
      status: upstreamStatus(row.recent_requests, row.recent_errors),
    }))
    .sort((a, b) => b.requests - a.requests);
  return {
    requests,
    errors: total?.errors ?? 0,
    rejected: total?.rejected ?? 0,
    errorRate: requests > 0 ? (total?.errors ?? 0) / requests : 0,
    requestsPerMinute: Math.round((requests / 60) * 10) / 10,
    p50: Math.round(total?.p50 ?? 0),
    p99: Math.round(total?.p99 ?? 0),
    minutes,
    upstreams,
    sampled: requests >= HEALTH_SAMPLE_LIMIT,
  };
}
