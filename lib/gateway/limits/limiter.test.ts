import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { Limits } from "@/lib/plans/plans";
import { PLANS } from "@/lib/plans/plans";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import { calendarDay } from "./calendar";
import { MemoryLimiter } from "./memory";
import { RedisLimiter } from "./redis";
import type { AdmissionRequest, Limiter, WindowLimits } from "./types";

const hasRedis = await redisForTests();
const connections: Redis[] = [];

afterAll(() => {
  for (const redis of connections) redis.disconnect();
});

function redisLimiter(): Limiter {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return new RedisLimiter(redis);
}

let n = 0;
function request(
  accountId: string,
  limits: Limits,
  tokens: AdmissionRequest["tokens"] = null,
): AdmissionRequest {
  const now = Date.now();
  const day = calendarDay(now, "Asia/Karachi");
  n++;
  return {
    accountId,
    limits,
    requestId: `req_${n}_${randomBytes(4).toString("hex")}`,
    now,
    day: day.day,
    dayEndMs: day.endMs,
    tokens,
  };
}

function account(): string {
  return `acct_${randomBytes(6).toString("hex")}`;
}

const implementations: [string, () => Limiter, boolean][] = [
  ["memory", () => new MemoryLimiter(), true],
  ["redis", redisLimiter, hasRedis],
];

describe.each(implementations)("%s limiter", (_name, make, enabled) => {
  it.runIf(enabled)(
    "admits exactly the per-minute limit out of 50 concurrent requests",
    async () => {
      const limiter = make();
      const id = account();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => limiter.admit(request(id, PLANS.free.limits))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(40);
      for (const r of refused) {
        if (r.ok) continue;
        expect(r.reason).toBe("requests-minute");
        expect(r.retryAfterMs).toBeGreaterThan(50_000);
        expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    },
  );

  it.runIf(enabled)("reports windows whose remaining falls by one", async () => {
    const limiter = make();
    const id = account();
    const first = await limiter.admit(request(id, PLANS.starter.limits));
    const second = await limiter.admit(request(id, PLANS.starter.limits));
    const remaining = (a: typeof first, kind: string) =>
      a.windows.find((w) => w.kind === kind)?.remaining;
    expect(remaining(first, "requests-minute")).toBe(59);
    expect(remaining(second, "requests-minute")).toBe(58);
    expect(remaining(second, "requests-day")).toBe(998);
    const peeked = await limiter.peek(request(id, PLANS.starter.limits));
    expect(peeked.find((w) => w.kind === "requests-minute")?.remaining).toBe(58);
  });

  it.runIf(enabled)("refuses on requests per day", async () => {
    const limiter = make();
    const id = account();
    const limits = {
      requestsPerMinute: null,
      requestsPerDay: 3,
      tokensPerDay: null,
      maxTokensPerRequest: null,
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => limiter.admit(request(id, limits))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refusal = results.find((r) => !r.ok);
    expect(refusal && !refusal.ok && refusal.reason).toBe("requests-day");
  });

  it.runIf(enabled)("reserves tokens, grants what is left, settles and releases", async () => {
    const limiter = make();
    const id = account();
    const limits = {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: 1000,
      maxTokensPerRequest: null,
    };
    const a = await limiter.admit(request(id, limits, { prompt: 100, maxOutput: 500 }));
    expect(a.ok && a.grantedOutput).toBe(500);
    const b = await limiter.admit(request(id, limits, { prompt: 100, maxOutput: 500 }));
    // 1000 - 600 - 100 = 300 left for output: granted, clamped.
    expect(b.ok && b.grantedOutput).toBe(300);
    const c = await limiter.admit(request(id, limits, { prompt: 100, maxOutput: 500 }));
    expect(c.ok).toBe(false);
    expect(!c.ok && c.reason).toBe("tokens-day");
    if (!a.ok || !b.ok) throw new Error("unreachable");
    await limiter.settle(a.ticket, 150); // used less than reserved: 450 back
    await limiter.settle(b.ticket, 0); // released
    const d = await limiter.admit(request(id, limits, { prompt: 100, maxOutput: 500 }));
    expect(d.ok && d.grantedOutput).toBe(500);
    expect(d.windows.find((w) => w.kind === "tokens-day")?.remaining).toBe(1000 - 150 - 600);
  });

  it.runIf(enabled)("never lets concurrent reservations overshoot the daily tokens", async () => {
    const limiter = make();
    const id = account();
    const limits = {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: 10_000,
      maxTokensPerRequest: null,
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        limiter.admit(request(id, limits, { prompt: 40, maxOutput: 960 })),
      ),
    );
    let reserved = 0;
    for (const r of results) if (r.ok) reserved += r.ticket.reserved;
    expect(reserved).toBeLessThanOrEqual(10_000);
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it.runIf(enabled)("does not count calls that use no tokens against the token quota", async () => {
    const limiter = make();
    const id = account();
    const limits = {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: 10,
      maxTokensPerRequest: null,
    };
    const spent = await limiter.admit(request(id, limits, { prompt: 5, maxOutput: 100 }));
    expect(spent.ok && spent.grantedOutput).toBe(5);
    expect((await limiter.admit(request(id, limits, { prompt: 5, maxOutput: 1 }))).ok).toBe(false);
    expect((await limiter.admit(request(id, limits, null))).ok).toBe(true);
  });
});

function keyed(
  id: string,
  keyId: string,
  limits: Limits,
  keyLimits: WindowLimits,
  tokens: AdmissionRequest["tokens"] = null,
): AdmissionRequest {
  return { ...request(id, limits, tokens), key: { id: keyId, limits: keyLimits } };
}

const NO_WINDOW: WindowLimits = {
  requestsPerMinute: null,
  requestsPerDay: null,
  tokensPerDay: null,
};

describe.each(implementations)("%s limiter with a key's own limits", (_name, make, enabled) => {
  it.runIf(enabled)(
    "two keys of one account: each stops at its own rpm, together at the plan's, all in one step",
    async () => {
      const limiter = make();
      const id = account();
      const plan = { ...PLANS.free.limits, requestsPerDay: null, tokensPerDay: null };
      const own = { ...NO_WINDOW, requestsPerMinute: 7 };
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          limiter.admit(keyed(id, i % 2 ? `key_a${id}` : `key_b${id}`, plan, own)),
        ),
      );
      // 10 for the account (plan), at most 7 per key.
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = results.filter((r) => !r.ok);
      const scopes = new Set(refused.map((r) => (r.ok ? "" : r.scope)));
      expect(scopes.has("account")).toBe(true);
      const other = account();
      const unlimited = { ...NO_WINDOW, maxTokensPerRequest: null };
      const single = await Promise.all(
        Array.from({ length: 50 }, () => limiter.admit(keyed(other, "k", unlimited, own))),
      );
      // A plan without limits: only the key's window binds.
      expect(single.filter((r) => r.ok)).toHaveLength(7);
      const keyRefusal = single.find((r) => !r.ok);
      expect(keyRefusal && !keyRefusal.ok && keyRefusal.scope).toBe("key");
      expect(keyRefusal && !keyRefusal.ok && keyRefusal.reason).toBe("requests-minute");
    },
  );

  it.runIf(enabled)(
    "a key's tokens per day clamp the grant, and settle on both counters",
    async () => {
      const limiter = make();
      const id = account();
      const plan = { ...NO_WINDOW, tokensPerDay: 10_000, maxTokensPerRequest: null };
      const own = { ...NO_WINDOW, tokensPerDay: 1_000 };
      const a = await limiter.admit(keyed(id, "k1", plan, own, { prompt: 100, maxOutput: 5_000 }));
      expect(a.ok && a.grantedOutput).toBe(900);
      expect(
        (await limiter.admit(keyed(id, "k1", plan, own, { prompt: 100, maxOutput: 1 }))).ok,
      ).toBe(false);
      if (!a.ok) throw new Error("unreachable");
      await limiter.settle(a.ticket, 200);
      const b = await limiter.admit(keyed(id, "k1", plan, own, { prompt: 100, maxOutput: 5_000 }));
      expect(b.ok && b.grantedOutput).toBe(700);
      // The account's window counted the same reservations: 200 settled + 800 reserved.
      expect(b.windows.find((w) => w.kind === "tokens-day" && w.limit === 10_000)?.remaining).toBe(
        9_000,
      );
    },
  );
});

describe.runIf(hasRedis)("two instances sharing one Redis", () => {
  it("admit exactly 10 of 50 concurrent requests in total", async () => {
    const one = redisLimiter();
    const two = redisLimiter();
    const id = account();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? one : two).admit(request(id, PLANS.free.limits)),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });
});

describe.runIf(hasRedis)("a key's own limit across two instances sharing one Redis", () => {
  it("admits exactly the key's rpm of 50 concurrent requests", async () => {
    const one = redisLimiter();
    const two = redisLimiter();
    const id = account();
    const plan = PLANS.pro.limits;
    const own = { ...NO_WINDOW, requestsPerMinute: 6 };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? one : two).admit(keyed(id, "k", plan, own))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(6);
  });
});
