import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SIGN_UP_THROTTLE } from "@/lib/auth/signup-throttle";
import { resetEnvCache } from "@/lib/config/env";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";

// The request the action runs in (outside Next there is none): its headers and a cookie jar.
const request = vi.hoisted(() => ({ ip: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": request.ip }),
  cookies: async () => ({ set: () => {} }),
}));

const { signUp } = await import("./actions");

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const octet = () => Math.floor(Math.random() * 256);

const stores: [string, string][] = [["memory", ""]];
if (process.env.DARWAZA_TEST_REDIS_DOWN === "1")
  console.warn("!!! Redis unreachable: the Redis sign-up throttle tests are SKIPPED !!!");
else stores.push(["redis", redisUrl]);

let testServices: TestServices;
beforeAll(async () => {
  testServices = await setUpTestServices({
    env: { DARWAZA_SECRET: "a-test-secret-that-is-long-enough-0123456789" },
  });
});
afterAll(() => testServices?.teardown());

/** Sign-ups at once, each from the address `from(i)` gives; how many made an account, and the refusals. */
async function signUps(count: number, from: (i: number) => string) {
  const tag = randomUUID().slice(0, 8);
  const outcomes = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const form = new FormData();
      form.set("email", `${tag}-${i}@example.com`);
      form.set("password", "a long enough password");
      request.ip = from(i);
      // A successful sign-up ends in a redirect, which Next throws.
      return signUp({ errors: {}, values: { name: "", email: "" } }, form).catch(() => null);
    }),
  );
  const created = await db().user.count({ where: { email: { startsWith: `${tag}-` } } });
  const refusals = outcomes.flatMap((state) => (state?.errors.form ? [state.errors.form] : []));
  return { created, refusals };
}

describe.each(stores)("sign-up throttle (%s)", (_name, url) => {
  beforeAll(() => {
    process.env.REDIS_URL = url;
    resetEnvCache();
  });

  it("30 parallel sign-ups from one address: 5 accounts, the rest told how long to wait", async () => {
    const ip = `198.18.${octet()}.${octet()}`;
    const { created, refusals } = await signUps(30, () => ip);
    expect(created).toBe(SIGN_UP_THROTTLE.perAddress);
    expect(refusals).toHaveLength(25);
    expect(refusals[0]).toMatch(
      /^Too many new accounts from your network\. Try again in \d+ minutes\.$/,
    );
  });

  it("40 parallel sign-ups from 40 addresses of one /24: 20 accounts", async () => {
    const net = `198.19.${octet()}`;
    const { created } = await signUps(40, (i) => `${net}.${i + 1}`);
    expect(created).toBe(SIGN_UP_THROTTLE.perNetwork);
  });

  it("40 parallel sign-ups from 40 addresses of one IPv6 /64: 20 accounts", async () => {
    const net = `2001:db8:${octet().toString(16)}:${octet().toString(16)}`;
    const { created } = await signUps(40, (i) => `${net}::${(i + 1).toString(16)}`);
    expect(created).toBe(SIGN_UP_THROTTLE.perNetwork);
  });
});
