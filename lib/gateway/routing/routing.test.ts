import { setTimeout as sleep } from "node:timers/promises";
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
import { type ScriptedUpstream, scriptedUpstream } from "../test-support/scripted-upstream";
import type { RunningServer } from "../test-support/servers";
import { remoteUpstream } from "../test-support/upstream-config";

/**
 * Two local upstreams serving one public model under their own names (aliases): failover on
 * 500s, the breaker opening and closing, and a timeout falling back within timeout + margin.
 */
let testEnv: GatewayTestEnv;
let a: ScriptedUpstream;
let b: ScriptedUpstream;
let gateway: Gateway;
let server: RunningServer;
let account: TestKey;
const TIMEOUT_MS = 400;
const COOLDOWN_MS = 1_000;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  a = await scriptedUpstream("a");
  b = await scriptedUpstream("b");
  gateway = testGateway({
    upstreams: [
      remoteUpstream("up-a", a.url, { shared: "a-model", "slow-first": "a-model" }, { weight: 0 }),
      remoteUpstream("up-b", b.url, { shared: "b-model" }, { timeoutMs: 5_000 }),
      remoteUpstream("up-b-slow", b.url, { "slow-first": "b-model" }, { timeoutMs: TIMEOUT_MS }),
    ],
    routing: {
      breaker: { failureThreshold: 3, cooldownMs: COOLDOWN_MS },
      retry: { retries: 1, backoffMs: 5 },
    },
  });
  server = await serveGateway(gateway);
  account = await createAccountWithKey("enterprise");
});

afterAll(async () => {
  await server.close();
  await gateway.stop();
  await a.close();
  await b.close();
  await testEnv.teardown();
});

function chat(model: string) {
  return fetch(`${server.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${account.key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

async function upstreamsOf(ids: string[]): Promise<string[]> {
  await gateway.meter.flush();
  const { rows } = await pool().query<{ id: string; upstream: string }>(
    "SELECT id, upstream FROM usage_events WHERE id = ANY($1)",
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row.upstream]));
  return ids.map((id) => byId.get(id) ?? "missing");
}

describe("routing across upstreams", () => {
  it("serves every call through the healthy upstream when the other fails with 500", async () => {
    b.mode = "fail";
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await chat("shared");
      expect(response.status).toBe(200);
      expect((await response.json()).choices[0].message.content).toBe("from a");
      ids.push(response.headers.get("x-request-id")!);
    }
    expect(new Set(await upstreamsOf(ids))).toEqual(new Set(["up-a"]));
    // Each upstream was sent its own model name for the public one.
    expect(a.calls.every((call) => JSON.parse(call.body).model === "a-model")).toBe(true);
    expect(b.calls.length).toBeGreaterThan(0);
    expect(b.calls.every((call) => JSON.parse(call.body).model === "b-model")).toBe(true);
  });

  it("opens the breaker after N failures (no more calls), and closes it after recovery", async () => {
    expect(gateway.deps.registry.health.snapshot()["up-b"].state).toBe("open");
    const before = b.calls.length;
    for (let i = 0; i < 10; i++) expect((await chat("shared")).status).toBe(200);
    expect(b.calls.length).toBe(before);

    b.mode = "ok";
    await sleep(COOLDOWN_MS + 100);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await chat("shared")).headers.get("x-request-id")!);
    expect(gateway.deps.registry.health.snapshot()["up-b"].state).toBe("closed");
    expect(b.calls.length).toBeGreaterThan(before);
    expect(await upstreamsOf(ids)).toContain("up-b");
  });

  it("falls back within the timeout plus a small margin when an upstream hangs", async () => {
    b.mode = "slow";
    const started = Date.now();
    const response = await chat("slow-first");
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe("from a");
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 250);
    expect(await upstreamsOf([response.headers.get("x-request-id")!])).toEqual(["up-a"]);
    b.mode = "ok";
  });

  it("answers 502 unbilled when every upstream fails", async () => {
    a.mode = "fail";
    b.mode = "fail";
    const response = await chat("slow-first");
    expect(response.status).toBe(502);
    await gateway.meter.flush();
    const { rows } = await pool().query<{ billed: boolean; cost_paisa: number }>(
      "SELECT billed, cost_paisa FROM usage_events WHERE id = $1",
      [response.headers.get("x-request-id")],
    );
    expect(rows[0]).toEqual({ billed: false, cost_paisa: 0 });
    a.mode = "ok";
    b.mode = "ok";
  });
});
