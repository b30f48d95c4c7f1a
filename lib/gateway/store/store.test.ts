import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCustomEndpoint } from "@/lib/admin/routing/endpoints";
import { saveUpstream } from "@/lib/admin/routing/upstreams";
import type { Actor } from "@/lib/audit/record";
import { db, pool } from "@/lib/services";
import type { Gateway } from "../gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { type ScriptedUpstream, scriptedUpstream } from "../test-support/scripted-upstream";
import type { RunningServer } from "../test-support/servers";

/**
 * Routing edited in the console: upstreams and custom endpoints stored in Postgres (credential
 * encrypted), refused by the URL policy unless allowed, picked up by a running gateway within
 * about a second, and a custom endpoint with keys, limits, metering and usage.
 */
let testEnv: GatewayTestEnv;
let target: ScriptedUpstream;
let gateway: Gateway;
let server: RunningServer;
const actor: Actor = { type: "system" };

const upstreamInput = (baseUrl: string, allowPrivateHost: boolean) => ({
  name: "console-llm",
  kind: "llm" as const,
  baseUrl,
  credential: "sk-upstream-secret",
  clearCredential: false,
  models: [{ id: "console-chat", upstreamModel: "their-model" }],
  weight: 1,
  timeoutMs: 5_000,
  enabled: true,
  allowPrivateHost,
});

const endpointInput = (targetUrl: string, allowPrivateHost: boolean) => ({
  path: "sentiment",
  method: "POST" as const,
  targetUrl,
  credential: "",
  clearCredential: false,
  timeoutMs: 5_000,
  pricePerRequestPaisa: 25,
  inputPer1k: 0,
  outputPer1k: 0,
  minPlan: "free" as const,
  enabled: true,
  allowPrivateHost,
});

async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await sleep(50);
  }
  return Date.now() - started;
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  target = await scriptedUpstream("target");
  gateway = testGateway({ routing: { pollMs: 200 } });
  server = await serveGateway(gateway);
});

afterAll(async () => {
  await server.close();
  await gateway.stop();
  await target.close();
  await testEnv.teardown();
});

describe("URL policy in the console", () => {
  it("refuses 169.254.169.254 and 127.0.0.1 unless the host is allowed", async () => {
    for (const url of ["http://169.254.169.254/v1", "http://127.0.0.1:11434/v1"]) {
      expect(await saveUpstream(actor, upstreamInput(url, false))).toMatchObject({
        ok: false,
        field: "baseUrl",
      });
      expect(await saveCustomEndpoint(actor, endpointInput(url, false))).toMatchObject({
        ok: false,
        field: "targetUrl",
      });
    }
    expect(await db().upstream.count()).toBe(0);
  });
});

describe("console upstreams", () => {
  it("routes to a saved upstream within about a second, with its credential decrypted", async () => {
    const key = await createAccountWithKey("enterprise");
    expect(await saveUpstream(actor, upstreamInput(`${target.url}/v1`, true))).toEqual({
      ok: true,
    });
    const stored = await db().upstream.findUniqueOrThrow({ where: { name: "console-llm" } });
    expect(stored.credential).not.toContain("sk-upstream-secret");
    const call = () =>
      fetch(`${server.url}/api/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key.key}` },
        body: JSON.stringify({
          model: "console-chat",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
    const waited = await eventually(async () => (await call()).status === 200);
    expect(waited).toBeLessThan(1_500);
    const last = target.calls.at(-1)!;
    expect(last.auth).toBe("Bearer sk-upstream-secret");
    expect(JSON.parse(last.body).model).toBe("their-model");
  });
});

describe("custom endpoints", () => {
  let key: TestKey;
  const path = "/api/v1/x/sentiment";
  const send = (headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: '{"text":"bohat acha"}',
    });

  beforeAll(async () => {
    key = await createAccountWithKey("enterprise", { limitRpm: 3 });
    expect(await saveCustomEndpoint(actor, endpointInput(`${target.url}/score`, true))).toEqual({
      ok: true,
    });
    await eventually(
      async () => (await send({ authorization: `Bearer ${key.key}` })).status !== 404,
    );
  });

  it("is refused without a key, proxied as-is with one, and counted against the limits", async () => {
    expect((await send({})).status).toBe(401);
    // One call already went through while waiting for the reload; the limit is 3 a minute.
    const ok = await send({ authorization: `Bearer ${key.key}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/json");
    const seen = target.calls.at(-1)!;
    expect(seen).toMatchObject({ method: "POST", path: "/score", contentType: "application/json" });
    expect(seen.body).toBe('{"text":"bohat acha"}');
    expect((await send({ authorization: `Bearer ${key.key}` })).status).toBe(200);
    const limited = await send({ authorization: `Bearer ${key.key}` });
    expect(limited.status).toBe(429);
  });

  it("is metered per request at its price and shown in usage", async () => {
    await gateway.meter.flush();
    const { rows } = await pool().query<{ n: number; cost: number }>(
      `SELECT count(*)::int AS n, sum(cost_paisa)::int AS cost FROM usage_events
        WHERE account_id = $1 AND endpoint = 'x/sentiment' AND billed`,
      [key.accountId],
    );
    expect(rows[0]).toEqual({ n: 3, cost: 75 });
    const usage = await fetch(`${server.url}/api/v1/usage`, {
      headers: { authorization: `Bearer ${key.key}` },
    });
    const body = await usage.json();
    const row = body.breakdown.find((r: { endpoint: string }) => r.endpoint === "x/sentiment");
    expect(row).toMatchObject({ billed_requests: 3, cost: { amount_paisa: 75 } });
  });
});

describe("a token-priced custom endpoint", () => {
  const send = (key: string) =>
    fetch(`${server.url}/api/v1/x/summarise`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: '{"text":"a long report"}',
    });

  it("reserves tokens: what the target reports counts against the day, and a spent day refuses", async () => {
    const summarise = { ...endpointInput(`${target.url}/summarise`, true), path: "summarise" };
    const saved = await saveCustomEndpoint(actor, {
      ...summarise,
      pricePerRequestPaisa: 0,
      inputPer1k: 1,
      outputPer1k: 1,
    });
    expect(saved).toEqual({ ok: true });
    const key = await createAccountWithKey("enterprise", { limitTpd: 10_000 });
    await eventually(async () => (await send(key.key)).status !== 404);
    target.usage = { prompt_tokens: 12_000, completion_tokens: 3 };
    try {
      expect((await send(key.key)).status).toBe(200);
      await sleep(100);
      const refused = await send(key.key);
      expect(refused.status).toBe(429);
      expect((await refused.json()).error.code).toBe("insufficient_quota");
    } finally {
      target.usage = { prompt_tokens: 7, completion_tokens: 3 };
    }
  });
});
