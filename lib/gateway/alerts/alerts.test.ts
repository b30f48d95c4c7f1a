import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/services";
import type { Gateway } from "../gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import type { RunningServer } from "../test-support/servers";
import { type Crossing, crossedPercents } from "./thresholds";

/**
 * Daily-allowance alerts fire exactly once per threshold per day: 50 concurrent calls through two
 * gateway instances sharing one Redis (as two machines would), then both instances' batches
 * written — each alert_marks row, event and delivery exists once.
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

async function instance(redis: boolean): Promise<{ gateway: Gateway; url: string }> {
  const gateway = testGateway({ redisUrl: redis ? TEST_REDIS_URL : null });
  gateways.push(gateway);
  const server = await serveGateway(gateway);
  servers.push(server);
  return { gateway, url: server.url };
}

function chat(url: string, key: string): Promise<Response> {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
    }),
  });
}

async function alertsOf(accountId: string) {
  const marks = await db().alertMark.findMany({ where: { accountId } });
  const events = await db().accountEvent.findMany({
    where: { accountId, type: "usage.threshold_reached" },
  });
  const deliveries = await db().webhookDelivery.count({
    where: { accountId, eventId: { in: events.map((e) => e.id) } },
  });
  return { marks, events, deliveries };
}

async function fiftyConcurrentCross(instances: { gateway: Gateway; url: string }[]) {
  const account = await createAccountWithKey("enterprise", { limitRpd: 40 });
  await db().webhookEndpoint.create({
    data: {
      accountId: account.accountId,
      url: "https://hooks.example.com/darwaza",
      events: ["usage.threshold_reached"],
      secretEncrypted: "not used here",
    },
  });
  // What the hot path detected, before the database's guard: exactly one call per threshold.
  const detected: Crossing[] = [];
  for (const { gateway } of instances) {
    gateway.deps.alerts = {
      add: (crossings) => {
        detected.push(...crossings);
        gateway.alerts.add(crossings);
      },
    };
  }
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => chat(instances[i % instances.length].url, account.key)),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(40);
  expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  expect(detected.map((c) => c.percent).sort()).toEqual([100, 50, 80]);
  expect(detected.map((c) => c.used).sort()).toEqual([20, 32, 40]);
  // Every instance writes its batch (its timer may have already); a repeated crossing adds nothing.
  await Promise.all(instances.map(({ gateway }) => gateway.alerts.flush()));
  const day = (await alertsOf(account.accountId)).marks[0]?.period ?? "";
  for (const { gateway } of instances) {
    gateway.alerts.add([
      { accountId: account.accountId, kind: "requests-day", percent: 50, day, limit: 40, used: 20 },
    ]);
    expect(await gateway.alerts.flush()).toBe(0);
  }
  return alertsOf(account.accountId);
}

describe("daily allowance alerts", () => {
  it("marks each threshold once: the count that passes it", () => {
    expect(crossedPercents(40, 19, 20)).toEqual([50]);
    expect(crossedPercents(40, 20, 21)).toEqual([]);
    expect(crossedPercents(40, 31, 32)).toEqual([80]);
    expect(crossedPercents(40, 39, 40)).toEqual([100]);
    // A big token reservation can pass several at once.
    expect(crossedPercents(1_000, 100, 1_000)).toEqual([50, 80, 100]);
    expect(crossedPercents(0, 0, 1)).toEqual([]);
  });

  it.skipIf(!hasRedis)(
    "fires 50/80/100% exactly once under 50 concurrent calls on two instances (Redis)",
    async () => {
      const { marks, events, deliveries } = await fiftyConcurrentCross([
        await instance(true),
        await instance(true),
      ]);
      expect(marks.map((m) => [m.kind, m.threshold]).sort()).toEqual([
        ["requests-day", 100],
        ["requests-day", 50],
        ["requests-day", 80],
      ]);
      expect(events.map((e) => (e.payload as { percent: number }).percent).sort()).toEqual([
        100, 50, 80,
      ]);
      expect(deliveries).toBe(3);
    },
  );

  it("fires exactly once with the in-memory limiter too", async () => {
    const { marks, events, deliveries } = await fiftyConcurrentCross([await instance(false)]);
    expect(marks).toHaveLength(3);
    expect(events).toHaveLength(3);
    expect(deliveries).toBe(3);
  });
});
