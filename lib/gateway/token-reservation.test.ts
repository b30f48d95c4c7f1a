import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "./gateway";
import { bigTools } from "./test-support/big-tools";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "./test-support/database";
import { serveGateway, testGateway } from "./test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "./test-support/redis";
import { type ScriptedUpstream, scriptedUpstream } from "./test-support/scripted-upstream";
import type { RunningServer } from "./test-support/servers";
import { remoteUpstream } from "./test-support/upstream-config";
import { loadUpstreams } from "./upstreams/config";

/**
 * The token reservation covers what the upstream bills: the whole request, not only the text of
 * the messages; and what an upstream reports past the reservation still counts against the day.
 */
const hasRedis = await redisForTests();
let testEnv: GatewayTestEnv;
let upstream: ScriptedUpstream;
const gateways: Gateway[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  upstream = await scriptedUpstream("billing");
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const gateway of gateways) await gateway.stop();
  await upstream.close();
  await testEnv.teardown();
});

async function instance(redis: boolean): Promise<string> {
  const gateway = testGateway({
    redisUrl: redis ? TEST_REDIS_URL : null,
    upstreams: [
      ...loadUpstreams(),
      remoteUpstream("scripted", upstream.url, { "scripted-chat": "up" }),
    ],
  });
  gateways.push(gateway);
  const server = await serveGateway(gateway);
  servers.push(server);
  return server.url;
}

function chat(url: string, key: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], max_tokens: 5, ...body }),
  });
}

async function expectQuotaRefusal(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  const { error } = await response.json();
  expect(error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
}

for (const mode of ["memory", "redis"] as const) {
  describe.runIf(mode === "memory" || hasRedis)(`limits in ${mode}`, () => {
    it("a Free call whose ~600 KB of tool definitions alone exceed the day's tokens → 429", async () => {
      const url = await instance(mode === "redis");
      const { key } = await createAccountWithKey("free");
      const tools = bigTools();
      expect(JSON.stringify(tools).length).toBeGreaterThan(590_000);
      await expectQuotaRefusal(await chat(url, key, { model: "demo-chat", tools }));
      // Nothing was reserved by the refusal: a small call still fits.
      expect((await chat(url, key, { model: "demo-chat" })).status).toBe(200);
    });

    it("an upstream reporting more prompt tokens than reserved: the excess counts, the next call is refused", async () => {
      const url = await instance(mode === "redis");
      const { key } = await createAccountWithKey("free");
      upstream.usage = { prompt_tokens: 12_000, completion_tokens: 3 };
      try {
        const first = await chat(url, key, { model: "scripted-chat" });
        expect(first.status).toBe(200);
        expect((await first.json()).usage.prompt_tokens).toBe(12_000);
        // settle() runs after the answer is sent: give it a moment (Redis is a round trip away).
        await new Promise((resolve) => setTimeout(resolve, 100));
        await expectQuotaRefusal(await chat(url, key, { model: "scripted-chat" }));
        await expectQuotaRefusal(await chat(url, key, { model: "demo-chat" }));
      } finally {
        upstream.usage = { prompt_tokens: 7, completion_tokens: 3 };
      }
    });

    it("the demo model never reports more prompt tokens than were reserved", async () => {
      const url = await instance(mode === "redis");
      const account = await createAccountWithKey("enterprise", { limitTpd: 1_000_000 });
      const bodies = [
        {},
        { tools: bigTools(20_000), stop: ["\n\n"] },
        {
          messages: [
            { role: "system", content: "You are terse. ".repeat(40) },
            { role: "user", content: [{ type: "text", text: "سلام، آپ کیسے ہیں؟ ".repeat(30) }] },
          ],
        },
      ];
      for (const body of bodies) {
        const response = await chat(url, account.key, { model: "demo-chat", ...body });
        expect(response.status).toBe(200);
        const { usage } = await response.json();
        const remaining = Number(response.headers.get("x-ratelimit-remaining-tokens"));
        const reserved = 1_000_000 - remaining;
        expect(usage.prompt_tokens).toBeLessThanOrEqual(reserved);
      }
    });
  });
}
