import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import { LeasedSpendStore } from "./lease";
import { MemorySpendStore } from "./memory";
import { RedisSpendStore } from "./redis";
import type { HoldRequest, LedgerSnapshot, SpendStore } from "./types";

/** The stores behave alike: one atomic check-and-hold, exact settles, caps, ledger sync. */
const hasRedis = await redisForTests();
const connections: Redis[] = [];

afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

function redisStore(): SpendStore {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return new RedisSpendStore(redis);
}

function leasedStore(): SpendStore {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return new LeasedSpendStore(redis);
}

const MONTH = "2026-12";

function account(): string {
  return `acct_${randomBytes(6).toString("hex")}`;
}

function snapshot(accountId: string, credit: number, version = 1): LedgerSnapshot {
  return { accountId, credit, creditVersion: version, spent: 0, monthByKey: {} };
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

const stores: [string, () => SpendStore, boolean][] = [
  ["memory", () => new MemorySpendStore(), true],
  ["redis", redisStore, hasRedis],
  ["redis, leased", leasedStore, hasRedis],
];

describe.each(stores)("%s spend store", (_name, make, enabled) => {
  it.runIf(enabled)("holds exactly 10 of 50 concurrent calls against credit for 10", async () => {
    const store = make();
    const id = account();
    await store.apply([snapshot(id, 1000)], MONTH, false);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.hold(hold(id, 100))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(await store.available(id)).toBe(0);
  });

  it.runIf(enabled)("settles to the charge and releases the rest", async () => {
    const store = make();
    const id = account();
    await store.apply([snapshot(id, 1000)], MONTH, false);
    const a = await store.hold(hold(id, 400));
    if (!a.ok) throw new Error("refused");
    expect(a.hold.mode).toBe("credit");
    await store.settle(a.hold, 150);
    expect(await store.available(id)).toBe(850);
    const b = await store.hold(hold(id, 900));
    expect(b).toEqual({ ok: false, reason: "no-funds" });
  });

  it.runIf(enabled)("refuses at the account's and the key's monthly caps", async () => {
    const store = make();
    const id = account();
    await store.apply([snapshot(id, 10_000)], MONTH, false);
    const first = await store.hold(hold(id, 300, { accountCap: 500, keyCap: 1_000 }));
    expect(first.ok).toBe(true);
    expect(await store.hold(hold(id, 300, { accountCap: 500 }))).toEqual({
      ok: false,
      reason: "account-cap",
    });
    expect(await store.hold(hold(id, 300, { keyCap: 500 }))).toEqual({
      ok: false,
      reason: "key-cap",
    });
    // Another key of the account has its own cap.
    expect((await store.hold(hold(id, 300, { keyCap: 500, keyId: "key_b" }))).ok).toBe(true);
  });

  it.runIf(enabled)("postpaid holds count against the caps, not the credit", async () => {
    const store = make();
    const id = account();
    const result = await store.hold(hold(id, 300, { postpaid: true, accountCap: 500 }));
    if (!result.ok) throw new Error("refused");
    expect(result.hold.mode).toBe("postpaid");
    expect(await store.available(id)).toBe(0);
    await store.settle(result.hold, 300);
    expect(await store.hold(hold(id, 300, { postpaid: true, accountCap: 500 }))).toEqual({
      ok: false,
      reason: "account-cap",
    });
  });

  it.runIf(enabled)("takes the ledger's credit when newer, never an older read", async () => {
    const store = make();
    const id = account();
    await store.apply([snapshot(id, 1000, 2)], MONTH, false);
    await store.apply([snapshot(id, 500, 1)], MONTH, false);
    expect(await store.available(id)).toBe(1000);
    await store.apply([snapshot(id, 1500, 3)], MONTH, false);
    expect(await store.available(id)).toBe(1500);
  });

  it.runIf(enabled)("starts from the ledger's spend for a month it does not hold yet", async () => {
    const store = make();
    const id = account();
    await store.apply(
      [{ accountId: id, credit: 5000, creditVersion: 1, spent: 800, monthByKey: { key_a: 800 } }],
      MONTH,
      false,
    );
    expect(await store.available(id)).toBe(4200);
    expect(await store.hold(hold(id, 300, { keyCap: 1000 }))).toEqual({
      ok: false,
      reason: "key-cap",
    });
  });
});
