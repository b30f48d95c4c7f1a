import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOverview } from "@/lib/portal/overview";
import { pool } from "@/lib/services";
import type { Gateway } from "./gateway";
import { loadUsageSeed } from "./limits/seed";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "./test-support/database";
import { serveGateway, testGateway } from "./test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "./test-support/redis";
import type { RunningServer } from "./test-support/servers";

/**
 * GET /models, /models/{id} and /usage are free reads: neither counted toward requests per
 * minute or per day nor limited by them, and recorded unbilled — so the limiter, the restart
 * seed, GET /usage and the portal all count the same calls. Real PostgreSQL, memory and Redis
 * limiters, concurrent calls.
 */
const hasRedis = await redisForTests();
let testEnv: GatewayTestEnv;
const running: { gateway: Gateway; server: RunningServer }[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});

afterAll(async () => {
  for (const { server, gateway } of running) {
    await server.close();
    await gateway.stop();
  }
  await testEnv.teardown();
});

async function instance(redis: boolean): Promise<{ gateway: Gateway; url: string }> {
  const gateway = testGateway({ redisUrl: redis ? TEST_REDIS_URL : null });
  await gateway.start();
  const server = await serveGateway(gateway);
  running.push({ gateway, server });
  return { gateway, url: server.url };
}

const DAY = 3;

describe.each([
  ["memory", false, true],
  ["redis", true, hasRedis],
])("free reads with the %s limiter", (_name, redis, enabled) => {
  it.runIf(enabled)(
    "are never counted nor limited; the allowance is the model calls'",
    async () => {
      const { gateway, url } = await instance(redis);
      const { key, accountId } = await createAccountWithKey("enterprise", {
        limitRpd: DAY,
        limitRpm: 100,
      });
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      const read = (path: string) => fetch(`${url}/api/v1${path}`, { headers });
      const chat = () =>
        fetch(`${url}/api/v1/chat/completions`, {
          method: "POST",
          headers,
          body: JSON.stringify({ model: "demo-chat", messages: [{ role: "user", content: "hi" }] }),
        });
      const reads = () => [
        ...Array.from({ length: 10 }, () => read("/models")),
        ...Array.from({ length: 5 }, () => read("/models/demo-chat")),
        ...Array.from({ length: 5 }, () => read("/usage")),
      ];

      // Twenty concurrent free reads: every one answered, none taken from the day's 3.
      const first = await Promise.all(reads());
      expect(first.map((r) => r.status)).toEqual(first.map(() => 200));
      for (const response of first) await response.arrayBuffer();
      const untouched = (await (await read("/usage")).json()).today.remaining;
      expect(untouched).toMatchObject({ requests_today: DAY, requests_this_minute: 100 });

      // Five concurrent model calls against 3 a day: exactly 3 admitted.
      const calls = await Promise.all(Array.from({ length: 5 }, chat));
      const statuses = calls.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      for (const response of calls) await response.arrayBuffer();

      // The day is spent, and free reads still answer.
      const after = await Promise.all(reads());
      expect(after.map((r) => r.status)).toEqual(after.map(() => 200));
      for (const response of after.slice(0, -1)) await response.arrayBuffer();
      const usage = await (after.at(-1) as Response).json();
      expect(usage.today.requests).toBe(DAY);
      expect(usage.today.remaining.requests_today).toBe(0);
      expect((await chat()).status).toBe(429);

      await gateway.meter.flush();
      const { rows } = await pool().query<{
        endpoint: string;
        billed: boolean;
        n: number;
        cost: number;
      }>(
        `SELECT endpoint, billed, count(*)::int AS n, sum(cost_micros)::int AS cost FROM usage_events
        WHERE account_id = $1 AND status = 200 GROUP BY endpoint, billed ORDER BY endpoint`,
        [accountId],
      );
      expect(rows).toEqual([
        { endpoint: "chat.completions", billed: true, n: DAY, cost: expect.any(Number) },
        { endpoint: "models", billed: false, n: 30, cost: 0 },
        { endpoint: "usage", billed: false, n: 11, cost: 0 },
      ]);

      // The portal and a restarted limiter count the same 3 calls.
      const overview = await accountOverview(accountId);
      expect(overview?.usedNow.requestsToday).toBe(DAY);
      expect(overview?.usedNow.requestsLastMinute).toBe(DAY);
      const seed = (await loadUsageSeed(pool(), "Asia/Karachi")).find(
        (s) => s.accountId === accountId,
      );
      expect(seed?.requests).toBe(DAY);
      expect(seed?.minute).toHaveLength(DAY);
    },
  );
});
