import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { resetEnvCache } from "@/lib/config/env";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { authorizeCredentials } from "./credentials";
import { THROTTLED_ERROR } from "./errors";
import { hashPassword, verifyPassword } from "./password";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const octet = () => Math.floor(Math.random() * 256);
const address = () => `198.18.${octet()}.${octet()}`;
const PASSWORD = "the owner's password";

const stores: [string, string][] = [["memory", ""]];
if (process.env.DARWAZA_TEST_REDIS_DOWN === "1")
  console.warn("!!! Redis unreachable: the Redis sign-in tests are SKIPPED !!!");
else stores.push(["redis", redisUrl]);

/** argon2's check, counted: how many passwords were really evaluated. */
function countingVerifier() {
  const counter = { calls: 0 };
  const verify = (stored: string, password: string) => {
    counter.calls += 1;
    return verifyPassword(stored, password);
  };
  return { counter, verify };
}

let testServices: TestServices;
let passwordHash: string;
beforeAll(async () => {
  testServices = await setUpTestServices();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => testServices?.teardown());

async function owner(): Promise<string> {
  const email = `owner-${randomUUID()}@example.com`;
  await createUserWithAccount({ email, passwordHash });
  return email;
}

type Outcome = "signed-in" | "wrong" | "throttled";
async function attempt(
  email: string,
  password: string,
  ip: string,
  verify?: typeof verifyPassword,
): Promise<Outcome> {
  try {
    return (await authorizeCredentials({ email, password }, ip, verify)) ? "signed-in" : "wrong";
  } catch (error) {
    if (error instanceof Error && error.message === THROTTLED_ERROR) return "throttled";
    throw error;
  }
}
const tally = (outcomes: Outcome[], which: Outcome) => outcomes.filter((o) => o === which).length;

describe.each(stores)("sign-in throttle with real passwords (%s)", (_name, url) => {
  beforeAll(() => {
    process.env.REDIS_URL = url;
    resetEnvCache();
  });

  it("150 parallel wrong passwords from one address: 5 are checked by argon2, 145 refused", async () => {
    const email = await owner();
    const ip = address();
    const { counter, verify } = countingVerifier();
    const outcomes = await Promise.all(
      Array.from({ length: 150 }, (_, i) => attempt(email, `guess ${i}`, ip, verify)),
    );
    expect(tally(outcomes, "wrong")).toBe(5);
    expect(tally(outcomes, "throttled")).toBe(145);
    expect(counter.calls).toBe(5);
    // The owner at that address waits too: the 5 failures were theirs to spend.
    expect(await attempt(email, PASSWORD, ip)).toBe("throttled");
  });

  it("140 wrong passwords from 140 addresses, then the right one from a new address: refused", async () => {
    const email = await owner();
    const { counter, verify } = countingVerifier();
    const outcomes = await Promise.all(
      Array.from({ length: 140 }, (_, i) => attempt(email, `guess ${i}`, address(), verify)),
    );
    expect(tally(outcomes, "wrong")).toBe(10);
    expect(counter.calls).toBe(10);
    expect(await attempt(email, PASSWORD, address())).toBe("throttled");
  });

  it("a stranger's 5+ wrong passwords from A do not lock the owner out at B", async () => {
    const email = await owner();
    const stranger = address();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => attempt(email, `guess ${i}`, stranger)),
    );
    expect(tally(outcomes, "wrong")).toBe(5);
    expect(await attempt(email, PASSWORD, stranger)).toBe("throttled");
    expect(await attempt(email, PASSWORD, address())).toBe("signed-in");
  });

  it("an attacker rotating addresses is held back; the owner's usual address still signs in", async () => {
    const email = await owner();
    const home = address();
    expect(await attempt(email, PASSWORD, home)).toBe("signed-in");
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt(email, `guess ${i}`, address())),
    );
    expect(tally(outcomes, "wrong")).toBe(10);
    expect(await attempt(email, PASSWORD, address())).toBe("throttled");
    expect(await attempt(email, "typo", home)).toBe("wrong");
    expect(await attempt(email, PASSWORD, home)).toBe("signed-in");
  });
});
