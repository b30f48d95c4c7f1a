import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { gatewayHealth } from "./health";

const at = new Date("2026-06-15T12:00:00Z");

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

interface Event {
  minutesAgo: number;
  status: number;
  latency: number;
  upstream: string;
}

describe("gateway health over the last hour", () => {
  let testServices: TestServices;
  // 2 hours of traffic: only the last hour counts. demo-llm fails in its last five minutes.
  const events: Event[] = Array.from({ length: 240 }, (_, i) => {
    const minutesAgo = (i % 120) + 0.5;
    const upstream = i % 3 === 0 ? "demo-image" : "demo-llm";
    const failing = upstream === "demo-llm" && minutesAgo < 5;
    return {
      minutesAgo,
      upstream,
      status: failing ? 502 : i % 10 === 0 ? 429 : 200,
      latency: 20 + ((i * 37) % 400),
    };
  });
  const lastHour = events.filter((event) => event.minutesAgo < 60);

  beforeAll(async () => {
    testServices = await setUpTestServices();
    await pool().query(
      `INSERT INTO usage_events (id, account_id, endpoint, upstream, status, latency_ms, created_at)
       SELECT 'ev' || n, 'acct', 'chat.completions', upstream, status, latency,
              $1::timestamptz - minutes_ago * interval '1 minute'
         FROM json_to_recordset($2) AS e(n int, upstream text, status int, latency int, minutes_ago float8)`,
      [
        at,
        JSON.stringify(
          events.map((e, n) => ({
            n,
            upstream: e.upstream,
            status: e.status,
            latency: e.latency,
            minutes_ago: e.minutesAgo,
          })),
        ),
      ],
    );
  });
  afterAll(() => testServices?.teardown());

  it("counts, rates and exact percentiles from the last hour only", async () => {
    const health = await gatewayHealth(at);
    const errors = lastHour.filter((event) => event.status >= 500).length;
    expect(health.requests).toBe(lastHour.length);
    expect(health.errors).toBe(errors);
    expect(health.rejected).toBe(lastHour.filter((event) => event.status === 429).length);
    expect(health.errorRate).toBeCloseTo(errors / lastHour.length, 10);
    expect(health.requestsPerMinute).toBe(Math.round((lastHour.length / 60) * 10) / 10);
    const latencies = lastHour.map((event) => event.latency);
    expect(health.p50).toBe(Math.round(percentile(latencies, 0.5)));
    expect(health.p99).toBe(Math.round(percentile(latencies, 0.99)));
    expect(health.minutes).toHaveLength(60);
    expect(health.minutes.reduce((sum, minute) => sum + minute.requests, 0)).toBe(lastHour.length);
  });

  it("calls an upstream down when most of its last five minutes failed", async () => {
    const health = await gatewayHealth(at);
    const status = Object.fromEntries(health.upstreams.map((row) => [row.upstream, row.status]));
    expect(status).toEqual({ "demo-llm": "down", "demo-image": "ok" });
    const llm = health.upstreams.find((row) => row.upstream === "demo-llm")!;
    expect(llm.requests).toBe(lastHour.filter((event) => event.upstream === "demo-llm").length);
    expect(llm.lastErrorAt).not.toBeNull();
  });
});
