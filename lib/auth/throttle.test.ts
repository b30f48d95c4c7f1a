import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import {
  checkSignIn,
  clientIp,
  recordSignInFailure,
  recordSignInSuccess,
  SIGN_IN_THROTTLE,
} from "./throttle";

// Unique emails and IPs per test: Redis is shared with other runs and counters live 15 minutes.
const fresh = () => ({
  email: `${randomUUID()}@example.com`,
  ip: `10.${Math.floor(Math.random() * 250)}.${randomUUID()}`,
});

async function fail(email: string, ip: string, times: number) {
  for (let i = 0; i < times; i++) await recordSignInFailure(email, ip);
}

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisDown = process.env.DARWAZA_TEST_REDIS_DOWN === "1";
if (redisDown && process.env.CI === "true") throw new Error("CI=true: Redis must be reachable");

const stores: [string, string | undefined][] = [["memory", undefined]];
if (redisDown)
  console.warn("!!! Redis unreachable: the Redis sign-in throttle test is SKIPPED !!!");
else stores.push(["redis", redisUrl]);

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

  it("blocks an email after 5 failures, for the rest of the window", async () => {
    const { email, ip } = fresh();
    await fail(email, ip, SIGN_IN_THROTTLE.perEmail - 1);
    expect((await checkSignIn(email, ip)).allowed).toBe(true);
    await fail(email, ip, 1);
    const verdict = await checkSignIn(email.toUpperCase(), `${ip}-other`);
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(800);
    expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it("blocks an IP after 20 failures across emails", async () => {
    const { ip } = fresh();
    for (let i = 0; i < SIGN_IN_THROTTLE.perIp; i++)
      await recordSignInFailure(`${randomUUID()}@example.com`, ip);
    expect((await checkSignIn(`${randomUUID()}@example.com`, ip)).allowed).toBe(false);
    expect((await checkSignIn(`${randomUUID()}@example.com`, `${ip}-2`)).allowed).toBe(true);
  });

  it("a success clears the email's count but not the IP's", async () => {
    const { email, ip } = fresh();
    await fail(email, ip, 4);
    await recordSignInSuccess(email, ip);
    await fail(email, ip, 4);
    expect((await checkSignIn(email, ip)).allowed).toBe(true);
    for (let i = 0; i < SIGN_IN_THROTTLE.perIp - 8; i++)
      await recordSignInFailure(`${randomUUID()}@x.com`, ip);
    expect((await checkSignIn(email, ip)).allowed).toBe(false);
  });
});

describe("clientIp", () => {
  it("takes the last X-Forwarded-For hop (the one our side appended)", () => {
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, 10.0.0.1" })).toBe("10.0.0.1");
    expect(clientIp(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
    expect(clientIp({})).toBe("unknown");
  });
});
