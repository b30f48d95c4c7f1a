import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import { LEASE_DEFAULTS, LeasedSpendStore, type LeaseOptions } from "./lease";
import { RedisSpendStore } from "./redis";
import type { HoldRequest } from "./types";

/**
 * Leases on a real Redis, two instances (stores on their own connections) at once: the leases
 * and holds of both never pass the balance or a cap, charges reach Redis, and what an instance
 * leased comes back when it is given back or when the instance dies.
 */
const hasRedis = await redisForTests();
const connections: Redis[] = [];
const MONTH = "2026-12";

afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

function connect(): Redis {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return redis;
}

function leased(options: Partial<LeaseOptions> = {}): { store: LeasedSpendStore; redis: Redis } {
  const redis = connect();
  return {
    store: new LeasedSpendStore(redis, undefined, { ...LEASE_DEFAULTS, ...options }),
    redis,
  };
}

/** Reads Redis as it is, with no lease of its own. */
function plain(): RedisSpendStore {
  return new RedisSpendStore(connect());
}

let n = 0;
function hold(accountId: string, amount: number, extra: Partial<HoldRequest> = {}): HoldRequest {
  n++;
  return {
    accountId,
    keyId: "key_a",
    requestId: `req_${n}_${randomBytes(3).toString("hex")}`,
    amount,
    month: MONTH,
    accountCap: null,
    keyCap: null,
    postpaid: false,
    ...extra,
  };
}

async function funded(credit: number): Promise<string> {
  const id = `acct_${randomBytes(6).toString("hex")}`;
  await plain().apply(
    [{ accountId: id, credit, creditVersion: 1, spent: 0, monthByKey: {} }],
    MONTH,
    false,
  );
  return id;
}

async function figures(redis: Redis, id: string) {
  const [spent, held] = await redis.hmget(`dz:cr:{${id}}`, "spent", "held");
  const month = await redis.hget(`dz:cr:{${id}}:m:${MONTH}`, "");
  return { spent: Number(spent ?? 0), held: Number(held ?? 0), month: Number(month ?? 0) };
}

/** Calls that hold, wait a little (a call runs), and settle a random part of their hold. */
async function calls(store: LeasedSpendStore, requests: HoldRequest[]): Promise<number[]> {
  return Promise.all(
    requests.map(async (request) => {
      const result = await store.hold(request);
      if (!result.ok) return -1;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      const charged = Math.floor(Math.random() * (request.amount + 1));
      await store.settle(result.hold, charged);
      return charged;
    }),
  );
}

describe.runIf(hasRedis)("leased spend store", () => {
  it("two instances, 600 concurrent holds against credit for 500: at most 500, little stranded", async () => {
    const id = await funded(500 * 100);
    const a = leased();
    const b = leased();
    const requests = Array.from({ length: 600 }, () => hold(id, 100));
    const [fromA, fromB] = await Promise.all([
      Promise.all(requests.slice(0, 300).map((r) => a.store.hold(r))),
      Promise.all(requests.slice(300).map((r) => b.store.hold(r))),
    ]);
    const admitted = [...fromA, ...fromB].filter((r) => r.ok).length;
    console.log(`[lease test] ${admitted} of 600 held at once against credit for 500`);
    expect(admitted).toBeLessThanOrEqual(500);
    expect(admitted).toBeGreaterThanOrEqual(450);
    for (const [store, results] of [
      [a.store, fromA],
      [b.store, fromB],
    ] as const)
      for (const r of results) if (r.ok) await store.settle(r.hold, 100);
    await a.store.close();
    await b.store.close();
    expect(await figures(connect(), id)).toEqual({
      spent: admitted * 100,
      held: 0,
      month: admitted * 100,
    });
  });

  it("two instances, calls that hold, run and settle: spent never passes the credit, books exact", async () => {
    const id = await funded(500 * 100);
    const a = leased();
    const b = leased();
    const requests = Array.from({ length: 900 }, () => hold(id, 100));
    const [fromA, fromB] = await Promise.all([
      calls(a.store, requests.slice(0, 450)),
      calls(b.store, requests.slice(450)),
    ]);
    const total = [...fromA, ...fromB].filter((c) => c >= 0).reduce((sum, c) => sum + c, 0);
    expect(total).toBeLessThanOrEqual(500 * 100);
    await a.store.close();
    await b.store.close();
    expect(await figures(connect(), id)).toEqual({ spent: total, held: 0, month: total });
    expect(await plain().available(id)).toBe(500 * 100 - total);
  });

  it("a lease is at most a share of the room, and small balances are held call by call", async () => {
    const id = await funded(100 * 100);
    const { store, redis } = leased();
    const first = await store.hold(hold(id, 100));
    expect(first.ok).toBe(true);
    // 100 calls' worth of room, a share of 4: the lease took 25 calls' worth.
    expect((await figures(redis, id)).held).toBe(25 * 100);
    const other = plain();
    expect(await other.available(id)).toBe(75 * 100);
    // What is left in Redis for another instance: 7,500, a quarter of it leased.
    const b = leased();
    await b.store.hold(hold(id, 100));
    expect(await other.available(id)).toBe(7_500 - 1_875);
    await store.close();
    await b.store.close();
    expect(await other.available(id)).toBe(100 * 100);
    const small = await funded(10 * 100);
    const c = leased();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => c.store.hold(hold(small, 100))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await other.available(small)).toBe(0);
    await c.store.close();
  });

  it("caps are never passed by two instances' leases", async () => {
    const id = await funded(1_000_000_000);
    const a = leased();
    const b = leased();
    const cap = { accountCap: 1_000_000, keyCap: 300 * 100 };
    const requests = Array.from({ length: 800 }, () => hold(id, 100, cap));
    const [fromA, fromB] = await Promise.all([
      calls(a.store, requests.slice(0, 400)),
      calls(b.store, requests.slice(400)),
    ]);
    const total = [...fromA, ...fromB].filter((c) => c >= 0).reduce((sum, c) => sum + c, 0);
    expect(total).toBeLessThanOrEqual(cap.keyCap);
    await a.store.close();
    await b.store.close();
    expect((await figures(connect(), id)).month).toBe(total);
    const c = leased();
    expect(await c.store.hold(hold(id, cap.keyCap - total + 1, cap))).toEqual({
      ok: false,
      reason: "key-cap",
    });
    await c.store.close();
  });

  it("charges reach Redis within a loop turn, while the lease lives on", async () => {
    const id = await funded(1_000_000);
    const { store, redis } = leased();
    const result = await store.hold(hold(id, 100));
    if (!result.ok) throw new Error("refused");
    await store.settle(result.hold, 60);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { spent, held } = await figures(redis, id);
    expect(spent).toBe(60);
    expect(held).toBe(256 * 100 - 60);
    expect(await store.available(id)).toBe(1_000_000 - 60);
    await store.close();
    expect(await plain().available(id)).toBe(1_000_000 - 60);
  });

  it("an idle lease is given back; a dead instance's lease is released by Redis", async () => {
    const id = await funded(1_000_000);
    const idle = leased({ drawMs: 100, ttlMs: 300 });
    const other = plain();
    const first = await idle.store.hold(hold(id, 100));
    if (!first.ok) throw new Error("refused");
    await idle.store.settle(first.hold, 100);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await other.available(id)).toBe(1_000_000 - 100);
    await idle.store.close();

    const dying = leased({ drawMs: 10_000, ttlMs: 300 });
    const held = await dying.store.hold(hold(id, 100));
    if (!held.ok) throw new Error("refused");
    expect(await other.available(id)).toBeLessThan(1_000_000 - 100 - 100);
    // The instance dies mid-call: no settle, no give-back.
    dying.redis.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The next take sweeps the lease whose time ran out.
    const next = leased();
    const taken = await next.store.hold(hold(id, 100));
    if (!taken.ok) throw new Error("refused");
    await next.store.settle(taken.hold, 0);
    await next.store.close();
    expect(await other.available(id)).toBe(1_000_000 - 100);
  });
});
