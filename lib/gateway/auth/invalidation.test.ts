import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool, services } from "@/lib/services";
import { stopGateway } from "@/lib/services/gateway";
import type { Gateway } from "../gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { nodeMount } from "../test-support/mounts";
import type { RunningServer } from "../test-support/servers";

let testEnv: GatewayTestEnv;
let url: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  const mount = await nodeMount();
  url = mount.url;
  closers.push(() => mount.close());
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await stopGateway();
  await testEnv.teardown();
});

function chat(base: string, key: string): Promise<Response> {
  return fetch(`${base}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
    }),
  });
}

/** How long until `check` holds, polling every 25 ms (fails past `limitMs`). */
async function timeUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await check()) return Date.now() - started;
    await sleep(25);
  }
  throw new Error(`condition not met within ${limitMs} ms`);
}

describe("key cache invalidation", () => {
  it("a key revoked elsewhere (another instance, the database) is refused within 1 s", async () => {
    const account = await createAccountWithKey("pro");
    expect((await chat(url, account.key)).status).toBe(200);
    // Straight to the database: this process is not told, as another instance wouldn't be.
    await db().apiKey.update({ where: { id: account.keyId }, data: { revokedAt: new Date() } });
    const took = await timeUntil(async () => (await chat(url, account.key)).status === 403, 1500);
    expect(took).toBeLessThan(1000);
  });

  it("a plan change applies to the next call (at once in-process, within 1 s elsewhere)", async () => {
    const account = await createAccountWithKey("free");
    for (let i = 0; i < 10; i++) expect((await chat(url, account.key)).status).toBe(200);
    expect((await chat(url, account.key)).status).toBe(429);
    await db().account.update({ where: { id: account.accountId }, data: { plan: "pro" } });
    services().control.invalidate({ scope: "account", id: account.accountId });
    const upgraded = await chat(url, account.key);
    expect(upgraded.status).toBe(200);
    expect(upgraded.headers.get("x-ratelimit-limit-requests")).toBe("300");

    // Down again, this time without telling the process: the poller notices.
    await db().account.update({ where: { id: account.accountId }, data: { plan: "free" } });
    const took = await timeUntil(async () => (await chat(url, account.key)).status === 429, 1500);
    expect(took).toBeLessThan(1000);
  });

  it("403 for a suspended account and an expired key", async () => {
    const suspended = await createAccountWithKey("pro");
    expect((await chat(url, suspended.key)).status).toBe(200);
    await db().account.update({
      where: { id: suspended.accountId },
      data: { status: "suspended" },
    });
    services().control.invalidate({ scope: "account", id: suspended.accountId });
    const refused = await chat(url, suspended.key);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("account_suspended");

    const expiring = await createAccountWithKey("pro");
    await db().apiKey.update({
      where: { id: expiring.keyId },
      data: { expiresAt: new Date(Date.now() + 300) },
    });
    await sleep(400);
    const expired = await chat(url, expiring.key);
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.code).toBe("api_key_expired");
  });

  it("updates last_used_at in batches, without evicting the key", async () => {
    const account = await createAccountWithKey("pro");
    const before = await db().apiKey.findUniqueOrThrow({ where: { id: account.keyId } });
    expect(before.lastUsedAt).toBeNull();
    expect((await chat(url, account.key)).status).toBe(200);
    await stopGateway(); // flushes the batch
    const after = await db().apiKey.findUniqueOrThrow({ where: { id: account.keyId } });
    expect(after.lastUsedAt).not.toBeNull();
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
  });
});

describe("Postgres unreachable", () => {
  let gateway: Gateway;
  let server: RunningServer;
  let broken: pg.Pool;
  let usePool: () => pg.Pool = pool;

  beforeAll(async () => {
    broken = new pg.Pool({
      host: "127.0.0.1",
      port: 1,
      user: "postgres",
      connectionTimeoutMillis: 200,
    });
    broken.on("error", () => {});
    gateway = testGateway({ pool: () => usePool(), pollIntervalMs: 100 });
    server = await serveGateway(gateway);
    closers.push(async () => {
      await server.close();
      usePool = pool;
      await gateway.stop();
      await broken.end();
    });
  });

  it("keeps serving cached keys, holds usage events, and writes them when it is back", async () => {
    const account = await createAccountWithKey("pro");
    expect((await chat(server.url, account.key)).status).toBe(200);
    await gateway.meter.flush();

    usePool = () => broken;
    await sleep(250); // let the poller fail a few times
    const during = await Promise.all(
      Array.from({ length: 5 }, () => chat(server.url, account.key)),
    );
    expect(during.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await gateway.meter.flush()).toBe(false);
    expect(gateway.meter.pending).toBe(5);

    const stranger = await createAccountWithKey("pro"); // not cached: needs the database
    const unavailable = await chat(server.url, stranger.key);
    expect(unavailable.status).toBe(503);

    usePool = pool;
    await timeUntil(
      async () => (await gateway.meter.flush()) && gateway.meter.pending === 0,
      10_000,
    );
    const { rows } = await pool().query<{ n: string }>(
      "SELECT count(*) AS n FROM usage_events WHERE account_id = $1 AND status = 200",
      [account.accountId],
    );
    expect(Number(rows[0].n)).toBe(6);
  });
});
