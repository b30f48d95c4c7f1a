import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "@/lib/keys/hash";
import { db, pool } from "@/lib/services";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "../test-support/database";
import { KeyCache } from "./key-cache";
import { InvalidationPoller } from "./poller";

let testEnv: GatewayTestEnv;
beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});
afterAll(async () => {
  await testEnv.teardown();
});

const cache = new KeyCache();
function cacheKey(hash: string, keyId: string, accountId: string): void {
  cache.storeKey(hash, { id: keyId, accountId, revokedAt: null, expiresAt: null }, cache.epoch);
}

describe("the key invalidation poller", () => {
  it("evicts a changed key once per change, not on every poll of the lookback window", async () => {
    const poller = new InvalidationPoller(cache, pool, 500, () => {});
    await poller.poll();
    const { key, keyId, accountId } = await createAccountWithKey("free");
    const hash = hashKey(key);

    // Just created (inside the 5 s lookback): the first poll that sees it evicts it once …
    cacheKey(hash, keyId, accountId);
    await poller.poll();
    expect(cache.keys.has(hash)).toBe(false);
    // … and once loaded again it stays cached, poll after poll (a Postgres outage now would
    // still find it in memory).
    cacheKey(hash, keyId, accountId);
    for (let i = 0; i < 3; i++) await poller.poll();
    expect(cache.keys.has(hash)).toBe(true);

    // A new change (a revocation on another instance) is evicted at the next poll.
    await db().apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    await poller.poll();
    expect(cache.keys.has(hash)).toBe(false);
  });
});
