import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  TEST_SECRET,
} from "@/lib/gateway/test-support/database";
import { type NpmStart, npmStart, rawRequest } from "./test-support/npm-start";

/**
 * One limiter per instance however /api/v1 is spelt: against the real `npm start` (gateway
 * process + Next web process, from the existing build), a Free key (10 requests/min) gets exactly
 * 10 calls through among 100 parallel ones spread over every spelling, in memory and Redis mode.
 */
const ROUTED = [
  "/api/v1/chat/completions",
  "//api/v1/chat/completions",
  "/api//v1/chat/completions",
  "/api/v1/./chat/completions",
  "/api/x/../v1/chat/completions",
  "/api/x/%2e%2e/v1/chat/completions",
  "/api/x/%2E%2E/v1/chat/completions",
  "/api/v1/chat/completions/",
  "/api\\v1\\chat\\completions",
  "/api/v1/chat/completions?x=1",
];
/** Spellings no router maps to the endpoint: a 404 from the gateway, never a second gateway. */
const UNROUTED = [
  "/api/v1/chat%2Fcompletions",
  "/api%2Fv1/chat/completions",
  "/api%2fv1/chat/completions",
  "/API/v1/chat/completions",
  "/api/V1/chat/completions",
  "/api/x%2F..%2Fv1/chat/completions",
  "/api/v%31/chat/completions",
];

describe.each([
  ["memory", ""],
  ["redis", "redis://127.0.0.1:6379"],
])("one limiter per instance, %s mode", (_mode, redisUrl) => {
  let testEnv: GatewayTestEnv;
  let server: NpmStart;

  beforeAll(async () => {
    testEnv = await setUpGatewayEnv();
    server = await npmStart({
      DATABASE_URL: testEnv.databaseUrl,
      DARWAZA_SECRET: TEST_SECRET,
      DARWAZA_DATA_DIR: testEnv.dataDir,
      REDIS_URL: redisUrl,
    });
  }, 120_000);

  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await testEnv?.teardown();
  });

  it("admits exactly 10 of 100 parallel calls on a Free key through any spelling", async () => {
    const { key } = await createAccountWithKey("free");
    const spellings = [...ROUTED, ...UNROUTED];
    const body = JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: "hi" }],
    });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const target = spellings[i % spellings.length];
        return rawRequest(
          server.port,
          "POST",
          target,
          { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        ).then((answer) => ({ target, ...answer }));
      }),
    );
    const admitted = answers.filter((a) => a.status === 200);
    expect(admitted.length).toBe(10);
    for (const answer of answers) {
      if (UNROUTED.includes(answer.target)) expect(answer.status, answer.target).toBe(404);
      else expect([200, 429], answer.target).toContain(answer.status);
      expect(() => JSON.parse(answer.body), answer.target).not.toThrow();
    }
    // The usage API, asked by the gateway process, agrees: 10 of the minute's 10 used.
    const usage = await rawRequest(server.port, "GET", "/api/v1/usage", {
      authorization: `Bearer ${key}`,
    });
    const today = JSON.parse(usage.body).today;
    expect(today.remaining.requests_this_minute).toBe(0);
    expect(today.remaining.requests_today).toBe(90);
  });

  it("the web process answers no spelling of /api/v1 itself", async () => {
    const { key } = await createAccountWithKey("pro");
    for (const target of ["/api/x/../v1/models", "/api/v1/./models", "/api/x/%2e%2e/v1/models"]) {
      const answer = await rawRequest(server.port, "GET", target, {
        authorization: `Bearer ${key}`,
      });
      expect(answer.status, target).toBe(200);
      expect(JSON.parse(answer.body).object).toBe("list");
    }
  });
});
