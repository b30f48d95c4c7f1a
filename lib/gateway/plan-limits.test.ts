import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import type { Gateway } from "./gateway";
import { today } from "./limits/calendar";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "./test-support/database";
import { serveGateway, testGateway } from "./test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "./test-support/redis";
import type { RunningServer } from "./test-support/servers";
import { DEMO_MAX_OUTPUT } from "./upstreams/demo/text";

/**
 * The plan limits end to end over HTTP: one instance with in-memory limits, and two app instances
 * (two gateways, each with its own Redis connection and server) sharing one Redis.
 */
const hasRedis = await redisForTests();
let testEnv: GatewayTestEnv;
const gateways: Gateway[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const gateway of gateways) await gateway.stop();
  await testEnv.teardown();
});

async function instance(redis: boolean): Promise<string> {
  const gateway = testGateway({ redisUrl: redis ? TEST_REDIS_URL : null });
  gateways.push(gateway);
  const server = await serveGateway(gateway);
  servers.push(server);
  return server.url;
}

function chat(url: string, key: string, content: string, maxTokens?: number): Promise<Response> {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content }],
      max_tokens: maxTokens,
    }),
  });
}

async function fiftyConcurrent(urls: string[]) {
  const { key } = await createAccountWithKey("free");
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => chat(urls[i % urls.length], key, "hi", 5)),
  );
  const ok = responses.filter((r) => r.status === 200);
  const limited = responses.filter((r) => r.status === 429);
  for (const r of limited) {
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await r.json()).error.type).toBe("rate_limit_exceeded");
  }
  return { ok: ok.length, limited: limited.length };
}

/** 40 concurrent calls able to use 1,000 tokens each, against an account with 10,000 a day. */
async function fortyBigCalls(urls: string[]) {
  const account = await createAccountWithKey("enterprise", { limitTpd: 10_000 });
  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      chat(urls[i % urls.length], account.key, "Write 1000 tokens", 1000),
    ),
  );
  let settled = 0;
  for (const response of responses) {
    if (response.status !== 200) {
      expect(response.status).toBe(429);
      expect((await response.json()).error.type).toBe("insufficient_quota");
      continue;
    }
    const { usage } = await response.json();
    settled += usage.prompt_tokens + usage.completion_tokens;
  }
  for (const gateway of gateways) await gateway.meter.flush();
  const { rows } = await pool().query<{ tokens: string; requests: string }>(
    `SELECT sum(tokens_in + tokens_out) AS tokens, count(*) FILTER (WHERE status = 200) AS requests
     FROM usage_events WHERE account_id = $1 AND billed`,
    [account.accountId],
  );
  const remaining = responses.map((r) => Number(r.headers.get("x-ratelimit-remaining-tokens")));
  // The limiter's own count for the day, once every reservation has been settled.
  const day = today(Date.now(), "Asia/Karachi");
  const windows = await gateways[gateways.length - 1].limiter.peek({
    accountId: account.accountId,
    limits: {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: 10_000,
      maxTokensPerRequest: null,
    },
    now: Date.now(),
    day: day.day,
    dayEndMs: day.endMs,
  });
  const counted = 10_000 - (windows.find((w) => w.kind === "tokens-day")?.remaining ?? 0);
  return {
    settled,
    counted,
    recorded: Number(rows[0].tokens),
    ok: Number(rows[0].requests),
    minRemaining: Math.min(...remaining),
  };
}

describe("one instance, limits in memory", () => {
  it("Free plan: 50 concurrent chat calls → exactly 10 succeed, 40 get 429 with Retry-After", async () => {
    const url = await instance(false);
    expect(await fiftyConcurrent([url])).toEqual({ ok: 10, limited: 40 });
  });

  it("tokens per day: concurrent calls never settle past the quota, and events add up to it", async () => {
    const url = await instance(false);
    const result = await fortyBigCalls([url]);
    expect(result.settled).toBeGreaterThan(9_000);
    expect(result.settled).toBeLessThanOrEqual(10_000);
    expect(result.recorded).toBe(result.settled);
    expect(result.counted).toBe(result.settled);
    expect(result.minRemaining).toBeGreaterThanOrEqual(0);
  });
});

describe("n choices", () => {
  function chatN(url: string, key: string, n: number, maxTokens: number): Promise<Response> {
    return fetch(`${url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "demo-chat",
        messages: [{ role: "user", content: "Write 1000 tokens" }],
        max_tokens: maxTokens,
        n,
      }),
    });
  }

  it("reserves max_tokens for every choice: concurrent n = 4 calls never settle past the quota", async () => {
    const url = await instance(false);
    const account = await createAccountWithKey("enterprise", { limitTpd: 2_000 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => chatN(url, account.key, 4, 100)),
    );
    let settled = 0;
    for (const response of responses) {
      if (response.status !== 200) {
        expect(response.status).toBe(429);
        continue;
      }
      const body = await response.json();
      expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2, 3]);
      const perChoice = body.usage.completion_tokens / 4;
      expect(perChoice).toBeLessThanOrEqual(100);
      settled += body.usage.prompt_tokens + body.usage.completion_tokens;
    }
    expect(settled).toBeGreaterThan(1_500);
    expect(settled).toBeLessThanOrEqual(2_000);
    for (const gateway of gateways) await gateway.meter.flush();
    const { rows } = await pool().query<{ tokens: string }>(
      "SELECT sum(tokens_in + tokens_out) AS tokens FROM usage_events WHERE account_id = $1 AND billed",
      [account.accountId],
    );
    expect(Number(rows[0].tokens)).toBe(settled);
  });

  it("bounds the answer by the model's own output limit: 128 choices of a huge ask, no cap, no quota", async () => {
    const url = await instance(false);
    const account = await createAccountWithKey("enterprise");
    const response = await fetch(`${url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "demo-chat",
        messages: [{ role: "user", content: "Write 999999 tokens" }],
        n: 128,
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.choices).toHaveLength(128);
    expect(body.choices[127].finish_reason).toBe("length");
    expect(body.usage.completion_tokens).toBe(128 * DEMO_MAX_OUTPUT);
  });

  it("spreads what is left over the choices, and 429s when it is less than one token each", async () => {
    const url = await instance(false);
    // Admission reserves 13 prompt tokens for "Write 1000 tokens" (counted with o200k: its bytes
    // are a sizeable share of so small a quota), as the demo model counts, so 27 are left.
    const account = await createAccountWithKey("enterprise", { limitTpd: 40 });
    const tooMany = await chatN(url, account.key, 28, 100);
    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers.get("retry-after"))).toBeGreaterThan(0);
    const error = (await tooMany.json()).error;
    expect(error).toMatchObject({ type: "insufficient_quota", param: "n" });
    const fits = await chatN(url, account.key, 27, 100);
    expect(fits.status).toBe(200);
    const body = await fits.json();
    expect(body.choices).toHaveLength(27);
    expect(body.usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 27 });
    expect(body.choices.every((c: { finish_reason: string }) => c.finish_reason === "length")).toBe(
      true,
    );
  });
});

describe.runIf(hasRedis)("two app instances sharing one Redis", () => {
  it("Free plan: 50 concurrent chat calls across both → exactly 10 succeed in total", async () => {
    const urls = [await instance(true), await instance(true)];
    expect(await fiftyConcurrent(urls)).toEqual({ ok: 10, limited: 40 });
  });

  it("tokens per day: the quota holds across instances and events add up to it", async () => {
    const urls = [await instance(true), await instance(true)];
    const result = await fortyBigCalls(urls);
    expect(result.settled).toBeGreaterThan(9_000);
    expect(result.settled).toBeLessThanOrEqual(10_000);
    expect(result.recorded).toBe(result.settled);
    expect(result.counted).toBe(result.settled);
  });
});
