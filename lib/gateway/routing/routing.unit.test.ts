import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import type { UpstreamClient } from "../upstreams/client";
import type { UpstreamConfig } from "../upstreams/types";
import { weightedOrder } from "./balance";
import { UpstreamHealth } from "./breaker";
import { type RouteTarget, withFailover } from "./failover";

const fail502 = () =>
  new GatewayError(502, "down", { type: "upstream_error", code: "bad_gateway" });

function target(id: string, weight = 1, health = new UpstreamHealth()): RouteTarget {
  const upstream = {
    id,
    kind: "llm",
    baseUrl: `http://${id}`,
    apiKeyEnv: null,
    timeoutMs: 1000,
    models: [],
  } satisfies UpstreamConfig;
  return { upstream, upstreamModel: `${id}-model`, client: {} as UpstreamClient, weight, health };
}

describe("circuit breaker", () => {
  it("opens after N consecutive failures, probes once after the cool-down, closes on success", () => {
    const health = new UpstreamHealth({ failureThreshold: 3, cooldownMs: 1000 });
    health.failure("x", 0);
    health.success(5);
    health.failure("x", 0);
    health.failure("x", 0);
    expect(health.tryPass(10)).toBe(true);
    health.failure("x", 10);
    expect(health.stats(10).state).toBe("open");
    expect(health.tryPass(500)).toBe(false);
    expect(health.tryPass(1010)).toBe(true);
    // Only one probe at a time while half-open.
    expect(health.tryPass(1011)).toBe(false);
    health.failure("x", 1020);
    expect(health.tryPass(1500)).toBe(false);
    expect(health.tryPass(2020)).toBe(true);
    health.success(7);
    expect(health.stats(2030)).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect(health.tryPass(2030)).toBe(true);
  });
});

describe("weighted balancing", () => {
  it("picks in proportion to weight and puts weight 0 last", () => {
    const items = [target("a", 3), target("b", 1), target("c", 0)];
    const firsts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) {
      const order = weightedOrder(items);
      expect(order).toHaveLength(3);
      expect(order[2].upstream.id).toBe("c");
      firsts[order[0].upstream.id as "a" | "b"]++;
    }
    expect(firsts.a / 4000).toBeGreaterThan(0.7);
    expect(firsts.a / 4000).toBeLessThan(0.8);
  });
});

describe("failover", () => {
  const fast = { retries: 1, backoffMs: 1 };

  it("retries, then falls back to the next upstream, and reports who answered", async () => {
    const a = target("a", 1);
    const b = target("b", 0);
    const calls: string[] = [];
    const result = await withFailover([a, b], fast, null, async (t) => {
      calls.push(t.upstream.id);
      if (t.upstream.id === "a") throw fail502();
      return t.upstreamModel;
    });
    expect(calls).toEqual(["a", "a", "b"]);
    expect(result).toMatchObject({ value: "b-model", target: { upstream: { id: "b" } } });
  });

  it("does not retry a refused request or a timeout on the same upstream", async () => {
    const calls: string[] = [];
    await expect(
      withFailover([target("a", 1), target("b", 0)], fast, null, async (t) => {
        calls.push(t.upstream.id);
        throw new GatewayError(400, "bad temperature");
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(calls).toEqual(["a"]);
    calls.length = 0;
    await expect(
      withFailover([target("a", 1), target("b", 0)], fast, null, async (t) => {
        calls.push(t.upstream.id);
        throw new GatewayError(504, "slow", { code: "upstream_timeout" });
      }),
    ).rejects.toMatchObject({ status: 504 });
    expect(calls).toEqual(["a", "b"]);
  });

  it("skips an upstream whose circuit is open, and fails fast when none is left", async () => {
    const open = new UpstreamHealth({ failureThreshold: 1, cooldownMs: 60_000 });
    open.failure("x");
    const calls: string[] = [];
    await withFailover([target("a", 1, open), target("b", 1)], fast, null, async (t) => {
      calls.push(t.upstream.id);
      return 1;
    });
    expect(calls).toEqual(["b"]);
    await expect(
      withFailover([target("a", 1, open)], fast, null, async () => 1),
    ).rejects.toMatchObject({ status: 502, code: "upstream_unavailable" });
  });
});
