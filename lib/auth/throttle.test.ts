import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { services } from "@/lib/services";
import { clientIp, SIGN_IN_THROTTLE, signInWaitSeconds, takeSignInSlot } from "./throttle";

// Unique emails, keys and addresses per test: Redis is shared with other runs and counts live on.
const email = () => `${randomUUID()}@example.com`;
const octet = () => Math.floor(Math.random() * 256);
const address = () => `198.18.${octet()}.${octet()}`;
const key = () => `darwaza:test:${randomUUID()}`;

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisDown = process.env.DARWAZA_TEST_REDIS_DOWN === "1";
if (redisDown && process.env.CI === "true") throw new Error("CI=true: Redis must be reachable");

const stores: [string, string | undefined][] = [["memory", undefined]];
if (redisDown) console.warn("!!! Redis unreachable: the Redis throttle tests are SKIPPED !!!");
else stores.push(["redis", redisUrl]);

describe.each(stores)("attempt counters (%s)", (_name, url) => {
  const previous = process.env.REDIS_URL;
  beforeAll(() => {
    process.env.REDIS_URL = url ?? "";
    resetEnvCache();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previous;
    resetEnvCache();
  });

  it("150 parallel takes against a limit of 5: exactly 5 get through", async () => {
    const limit = { key: key(), max: 5, windowMs: 60_000 };
    const waits = await Promise.all(
      Array.from({ length: 150 }, () => services().counters().take([limit])),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    const refused = waits.filter((wait) => wait > 0);
    expect(Math.min(...refused)).toBeGreaterThan(50_000);
    expect(Math.max(...refused)).toBeLessThanOrEqual(60_000);
    if (url) {
      // Really counted in Redis, not in the memory fallback.
      const redis = new Redis(url);
      expect(await redis.hget(limit.key, "n")).toBe("5");
      redis.disconnect();
    }
  });

  it("counts against every limit or none: a full one does not use up the others", async () => {
    const full = { key: key(), max: 1, windowMs: 60_000 };
    const roomy = { key: key(), max: 2, windowMs: 60_000 };
    const store = services().counters();
    expect(await store.take([full])).toBe(0);
    for (let i = 0; i < 5; i++) expect(await store.take([roomy, full])).toBeGreaterThan(0);
    expect(await store.take([roomy])).toBe(0);
    expect(await store.take([roomy])).toBe(0);
    expect(await store.take([roomy])).toBeGreaterThan(0);
    expect(await store.peek([roomy])).toBeGreaterThan(0);
    await store.giveBack([roomy.key]);
    expect(await store.peek([roomy])).toBe(0);
    expect(await store.take([roomy])).toBe(0);
  });

  it("backs off: after the free attempts each next one waits twice as long as the last", async () => {
    const limit = {
      key: key(),
      max: 100,
      windowMs: 60_000,
      backoff: { free: 2, baseMs: 300, capMs: 1_000 },
    };
    const store = services().counters();
    expect(await store.take([limit])).toBe(0);
    expect(await store.take([limit])).toBe(0);
    const first = await store.take([limit]);
    expect(first).toBeGreaterThan(200);
    expect(first).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, first + 20));
    expect(await store.take([limit])).toBe(0);
    const second = await store.take([limit]);
    expect(second).toBeGreaterThan(450);
    expect(second).toBeLessThanOrEqual(600);
  });

  it("a window that ended has nothing to hand back, and leaves nothing behind", async () => {
    const limit = { key: key(), max: 1, windowMs: 100 };
    expect(await services().counters().take([limit])).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await services().counters().giveBack([limit.key]);
    expect(await services().counters().take([limit])).toBe(0);
    expect(await services().counters().take([limit])).toBeGreaterThan(0);
    if (url) {
      const redis = new Redis(url);
      expect(await redis.pttl(limit.key)).toBeGreaterThan(0);
      redis.disconnect();
    }
  });

  it("remembers a marker until it expires", async () => {
    const marker = key();
    expect(await services().counters().remembers(marker)).toBe(false);
    await services().counters().remember(marker, 200);
    expect(await services().counters().remembers(marker)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 260));
    expect(await services().counters().remembers(marker)).toBe(false);
  });
});

describe.each(stores)("sign-in throttle (%s)", (_name, url) => {
  const previous = process.env.REDIS_URL;
  beforeAll(() => {
    process.env.REDIS_URL = url ?? "";
    resetEnvCache();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = previous;
    resetEnvCache();
  });

  const attempts = (who: string, ip: string, times: number) =>
    Promise.all(Array.from({ length: times }, () => takeSignInSlot(who, ip)));
  const allowed = (slots: { retryAfterSeconds: number }[]) =>
    slots.filter((slot) => slot.retryAfterSeconds === 0).length;

  it("5 tries per email from one client, then a wait of the rest of the 15 minutes", async () => {
    const who = email();
    const ip = address();
    expect(allowed(await attempts(who, ip, 50))).toBe(SIGN_IN_THROTTLE.perEmailAndClient);
    const wait = await signInWaitSeconds(who.toUpperCase(), ip);
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(900);
    // Another client may still try that email.
    expect(await signInWaitSeconds(who, address())).toBe(0);
  });

  it("20 tries from one client across emails; an IPv6 client is its whole /64", async () => {
    const ip = address();
    const slots = await Promise.all(Array.from({ length: 60 }, () => takeSignInSlot(email(), ip)));
    expect(allowed(slots)).toBe(SIGN_IN_THROTTLE.perClient);
    const net = `2001:db8:${octet().toString(16)}:${octet().toString(16)}`;
    const v6 = await Promise.all(
      Array.from({ length: 60 }, (_, i) => takeSignInSlot(email(), `${net}::${i.toString(16)}`)),
    );
    expect(allowed(v6)).toBe(SIGN_IN_THROTTLE.perClient);
  });

  it("rotating clients against one email: 10 tries, then waits that grow", async () => {
    const who = email();
    const slots = await Promise.all(
      Array.from({ length: 140 }, () => takeSignInSlot(who, address())),
    );
    expect(allowed(slots)).toBe(SIGN_IN_THROTTLE.perEmail.free);
    expect(await signInWaitSeconds(who, address())).toBeGreaterThan(0);
  });

  it("a client that signed in before is not held by the email's ceiling; a success resets its own count", async () => {
    const who = email();
    const home = address();
    const first = await takeSignInSlot(who, home);
    await first.succeeded();
    await attempts(who, address(), 5);
    await Promise.all(Array.from({ length: 20 }, () => takeSignInSlot(who, address())));
    expect(await signInWaitSeconds(who, address())).toBeGreaterThan(0);
    expect(await signInWaitSeconds(who, home)).toBe(0);
    expect(allowed(await attempts(who, home, 4))).toBe(4);
    const fifth = await takeSignInSlot(who, home);
    expect(fifth.retryAfterSeconds).toBe(0);
    await fifth.succeeded();
    expect(allowed(await attempts(who, home, 5))).toBe(5);
  });
});

describe("clientIp", () => {
  it("takes the last X-Forwarded-For hop (the one our side appended)", () => {
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, 10.0.0.1" })).toBe("10.0.0.1");
    expect(clientIp(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
    expect(clientIp({})).toBe("unknown");
  });
});
