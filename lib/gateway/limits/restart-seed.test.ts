import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/services";
import type { Gateway } from "../gateway";
import { spillDirectory, spillEvents } from "../metering/spill";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import type { RunningServer } from "../test-support/servers";

/**
 * Without Redis the limits live in the gateway's memory: a new gateway process on the same
 * database starts from what PostgreSQL holds of today (and of the last minute), not from zero.
 */
let testEnv: GatewayTestEnv;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});

afterAll(async () => {
  await testEnv.teardown();
});

async function running(): Promise<{ gateway: Gateway; server: RunningServer }> {
  const gateway = testGateway();
  await gateway.start();
  return { gateway, server: await serveGateway(gateway) };
}

async function stop({ gateway, server }: { gateway: Gateway; server: RunningServer }) {
  await server.close();
  await gateway.stop();
}

function chat(url: string, key: string): Promise<Response> {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      max_tokens: 20,
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

async function remaining(url: string, key: string) {
  const response = await fetch(`${url}/api/v1/usage`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()).today.remaining as {
    requests_this_minute: number;
    requests_today: number;
    tokens_today: number;
  };
}

describe("limits across a restart without Redis", () => {
  it("spend 7 of 100, restart: 93 left today, 3 left this minute, and the limits hold", async () => {
    const { key } = await createAccountWithKey("free");
    const first = await running();
    for (let i = 0; i < 7; i++) expect((await chat(first.server.url, key)).status).toBe(200);
    const before = await remaining(first.server.url, key);
    expect(before.requests_today).toBe(93);
    await stop(first);

    const second = await running();
    const after = await remaining(second.server.url, key);
    expect(after).toEqual(before);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => chat(second.server.url, key).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200).length).toBe(3);
    expect(statuses.filter((s) => s === 429).length).toBe(17);
    await stop(second);
  });

  it("counts usage saved to disk at the last shutdown once it is written", async () => {
    const { key, keyId, accountId } = await createAccountWithKey("free");
    const now = Date.now();
    spillEvents(
      spillDirectory(testEnv.dataDir),
      Array.from({ length: 4 }, (_, i) => ({
        id: `req_spilled_${accountId}_${i}`,
        accountId,
        keyId,
        endpoint: "chat",
        model: "demo-chat",
        upstream: "demo",
        status: 200,
        tokensIn: 10,
        tokensOut: 15,
        latencyMs: 5,
        cached: false,
        estimated: false,
        billed: true,
        errorCode: null,
        costPaisa: 1,
        createdAt: now - 1_000,
      })),
    );
    const gateway = await running();
    const left = await remaining(gateway.server.url, key);
    expect(left.requests_today).toBe(96);
    expect(left.requests_this_minute).toBe(6);
    expect(left.tokens_today).toBe(10_000 - 100);
    await stop(gateway);
  });

  it("a key's own limits also start from today's usage, not from zero", async () => {
    const { key, keyId } = await createAccountWithKey("pro");
    await db().apiKey.update({ where: { id: keyId }, data: { limitRpm: 5, limitRpd: 6 } });
    const first = await running();
    for (let i = 0; i < 4; i++) expect((await chat(first.server.url, key)).status).toBe(200);
    await stop(first);

    const second = await running();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => chat(second.server.url, key).then((r) => r.status)),
    );
    // 5 a minute for the key, 4 already used: one more; the plan's 300 is far away.
    expect(statuses.filter((s) => s === 200).length).toBe(1);
    const refused = await chat(second.server.url, key);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toContain("this API key");
    await stop(second);
  });
});
