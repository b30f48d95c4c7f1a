import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import type { Gateway } from "../gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import { type ScriptedUpstream, scriptedUpstream } from "../test-support/scripted-upstream";
import type { RunningServer } from "../test-support/servers";
import { remoteUpstream } from "../test-support/upstream-config";

/** The response cache end to end: in memory on one instance, then Redis shared by two. */
let testEnv: GatewayTestEnv;
let upstream: ScriptedUpstream;
const started: { gateway: Gateway; server: RunningServer }[] = [];

async function instance(redisUrl: string | null) {
  const gateway = testGateway({
    upstreams: [remoteUpstream("up", upstream.url, { cachable: "up-model" })],
    redisUrl,
    cache: { ttlMs: 60_000, maxBytes: 1 << 20, maxEntryBytes: 64 << 10 },
  });
  const server = await serveGateway(gateway);
  started.push({ gateway, server });
  return { gateway, url: server.url };
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  upstream = await scriptedUpstream("up");
});

afterAll(async () => {
  for (const { gateway, server } of started) {
    await server.close();
    await gateway.stop();
  }
  await upstream.close();
  await testEnv.teardown();
});

function ask(url: string, key: TestKey, body: Record<string, unknown>, headers = {}) {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key.key}`, ...headers },
    body: JSON.stringify({
      model: "cachable",
      messages: [{ role: "user", content: "hi" }],
      ...body,
    }),
  });
}

describe("response cache in memory", () => {
  let url: string;
  let gateway: Gateway;
  let free: TestKey;

  beforeAll(async () => {
    ({ url, gateway } = await instance(null));
    free = await createAccountWithKey("free");
  });

  it("answers the same deterministic request a second time from the cache, byte for byte", async () => {
    const calls = upstream.calls.length;
    const first = await ask(url, free, { temperature: 0 });
    expect(first.headers.get("x-cache")).toBe("MISS");
    const firstBytes = Buffer.from(await first.arrayBuffer());
    // Same request, keys in another order: the canonical body is the same.
    const second = await fetch(`${url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${free.key}` },
      body: JSON.stringify({
        temperature: 0,
        messages: [{ content: "hi", role: "user" }],
        model: "cachable",
      }),
    });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
    expect(upstream.calls.length).toBe(calls + 1);
    // The hit still counts as a request this minute.
    expect(Number(second.headers.get("x-ratelimit-remaining-requests"))).toBe(
      Number(first.headers.get("x-ratelimit-remaining-requests")) - 1,
    );
    await gateway.meter.flush();
    const { rows } = await pool().query(
      "SELECT cached, billed, tokens_in, tokens_out, cost_paisa, upstream FROM usage_events WHERE id = $1",
      [second.headers.get("x-request-id")],
    );
    expect(rows[0]).toEqual({
      cached: true,
      billed: true,
      tokens_in: 0,
      tokens_out: 0,
      cost_paisa: 0,
      upstream: "cache",
    });
  });

  it("never serves another account's answer", async () => {
    const other = await createAccountWithKey("free");
    const calls = upstream.calls.length;
    const response = await ask(url, other, { temperature: 0 });
    expect(response.headers.get("x-cache")).toBe("MISS");
    expect(upstream.calls.length).toBe(calls + 1);
  });

  it("is bypassed by Cache-Control: no-cache, forced by header, off for sampled requests", async () => {
    const calls = upstream.calls.length;
    const bypass = await ask(url, free, { temperature: 0 }, { "cache-control": "no-cache" });
    expect(bypass.headers.get("x-cache")).toBe("MISS");
    const sampled = await ask(url, free, { temperature: 0.9 });
    expect(sampled.headers.get("x-cache")).toBeNull();
    const forced1 = await ask(url, free, { temperature: 0.9 }, { "x-darwaza-cache": "force" });
    const forced2 = await ask(url, free, { temperature: 0.9 }, { "x-darwaza-cache": "force" });
    expect([forced1.headers.get("x-cache"), forced2.headers.get("x-cache")]).toEqual([
      "MISS",
      "HIT",
    ]);
    expect(upstream.calls.length).toBe(calls + 3);
  });
});

const hasRedis = await redisForTests();

describe.runIf(hasRedis)("response cache in Redis", () => {
  it("shares answers between two instances", async () => {
    const key = await createAccountWithKey("pro");
    const one = await instance(TEST_REDIS_URL);
    const two = await instance(TEST_REDIS_URL);
    const nonce = `${Date.now()}-${Math.random()}`;
    const calls = upstream.calls.length;
    const first = await ask(one.url, key, { temperature: 0, user: nonce });
    expect(first.headers.get("x-cache")).toBe("MISS");
    const firstBytes = Buffer.from(await first.arrayBuffer());
    // The store is asynchronous: give it a moment to land in Redis.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await ask(two.url, key, { temperature: 0, user: nonce });
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
    expect(upstream.calls.length).toBe(calls + 1);
  });
});
