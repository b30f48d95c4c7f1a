import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "./support/cluster";
import { chat, countStatuses, type Reply, sleep } from "./support/http";
import { expectUsageMatches } from "./support/usage";

/** Requests to one instance until its log says the limiter is back on Redis (or time is up). */
async function untilRecovered(
  cluster: Cluster,
  index: number,
  key: string,
  limitMs: number,
): Promise<Reply[]> {
  const replies: Reply[] = [];
  const started = Date.now();
  while (!cluster.instances[index].log.includes("Redis reachable again")) {
    if (Date.now() - started > limitMs)
      throw new Error(`${cluster.instances[index].name} did not go back to Redis`);
    replies.push(await chat(cluster.instanceUrl(index), key));
    await sleep(100);
  }
  return replies;
}

describe("Redis goes away and comes back", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await Cluster.start({ instances: 2 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("keeps serving with limit ÷ instances on each instance, then shares limits again, losing no usage", async () => {
    const redis = cluster.redis;
    if (!redis) throw new Error("this test needs Redis");
    const during = await cluster.createKey("free");
    redis.stop();

    // Free is 10 requests a minute; with 2 instances each may admit 5 on its own.
    const split = await Promise.all(
      Array.from({ length: 100 }, (_, i) => chat(cluster.instanceUrl(i % 2), during.key)),
    );
    expect(countStatuses(split)).toEqual({ 200: 10, 429: 90 });
    expect(countStatuses(split.filter((_, i) => i % 2 === 0))[200]).toBe(5);
    // Through nginx the total can never exceed the plan (each instance stops at its share).
    const viaNginx = await Promise.all(
      Array.from({ length: 50 }, () => chat(cluster.url, during.key)),
    );
    expect(countStatuses(viaNginx)).toEqual({ 429: 50 });

    await redis.start();
    const recovery = await cluster.createKey("pro");
    const started = Date.now();
    const probes = [
      ...(await untilRecovered(cluster, 0, recovery.key, 10_000)),
      ...(await untilRecovered(cluster, 1, recovery.key, 10_000)),
    ];
    console.log(`both instances back on Redis ${Date.now() - started} ms after it returned`);

    // Shared again: one Free account, 500 concurrent requests through nginx, exactly 10 admitted.
    const after = await cluster.createKey("free");
    const shared = await Promise.all(
      Array.from({ length: 500 }, () => chat(cluster.url, after.key)),
    );
    expect(countStatuses(shared)).toEqual({ 200: 10, 429: 490 });

    for (const [account, replies] of [
      [during.accountId, [...split, ...viaNginx]],
      [recovery.accountId, probes],
      [after.accountId, shared],
    ] as const) {
      const { client, stored } = await expectUsageMatches(cluster, account, replies);
      expect(stored).toEqual(client);
    }
  });

  it("an instance started while Redis is down serves at once and joins Redis when it appears", async () => {
    const redis = cluster.redis;
    if (!redis) throw new Error("this test needs Redis");
    redis.stop();
    await cluster.restart(1);
    const key = await cluster.createKey("free");
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => chat(cluster.instanceUrl(1), key.key)),
    );
    expect(countStatuses(replies)).toEqual({ 200: 5, 429: 15 });
    await redis.start();
    const probe = await cluster.createKey("pro");
    const probes = await untilRecovered(cluster, 1, probe.key, 10_000);
    for (const [account, sent] of [
      [key.accountId, replies],
      [probe.accountId, probes],
    ] as const) {
      const { client, stored } = await expectUsageMatches(cluster, account, sent);
      expect(stored).toEqual(client);
    }
  });
});
