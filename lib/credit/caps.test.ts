import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { setAccountSpend, setKeySpendCap } from "./caps";
import { accountSpendSchema, keyCapSchema } from "./schemas";

let test: TestServices;
const CUSTOMER = { type: "user" as const, id: "u1", email: "c@example.com" };

beforeAll(async () => {
  test = await setUpTestServices();
});

afterAll(async () => {
  await test.teardown();
});

async function accountWithKey(plan: string) {
  const account = await db().account.create({ data: { name: `caps ${plan}`, plan } });
  const key = await db().apiKey.create({
    data: {
      accountId: account.id,
      label: "k",
      hash: `h-${account.id}`,
      prefix: "sk-",
      last4: "abcd",
    },
  });
  return { accountId: account.id, keyId: key.id };
}

describe("spend caps", () => {
  it("sets the account's monthly cap and refuses postpaid on the Free plan", async () => {
    const free = await accountWithKey("free");
    const refused = await setAccountSpend(CUSTOMER, free.accountId, {
      capMicros: 5_000_000_000,
      postpaid: true,
    });
    expect(refused).toMatchObject({ ok: false, field: "postpaid" });
    expect(
      await setAccountSpend(CUSTOMER, free.accountId, {
        capMicros: 5_000_000_000,
        postpaid: false,
      }),
    ).toEqual({ ok: true, customerId: null });
    const starter = await accountWithKey("starter");
    expect(
      await setAccountSpend(CUSTOMER, starter.accountId, { capMicros: null, postpaid: true }),
    ).toEqual({ ok: true, customerId: null });
    const saved = await db().account.findUniqueOrThrow({ where: { id: free.accountId } });
    expect(saved.spendCapMonthlyMicros).toBe(5_000_000_000n);
    const audit = await db().auditLog.count({
      where: { accountId: free.accountId, action: "account.spend_settings" },
    });
    expect(audit).toBe(1);
  });

  it("sets a key's cap only for the account that owns the key", async () => {
    const mine = await accountWithKey("free");
    const theirs = await accountWithKey("free");
    expect(await setKeySpendCap(CUSTOMER, mine.accountId, theirs.keyId, 1)).toMatchObject({
      ok: false,
    });
    expect(await setKeySpendCap(CUSTOMER, mine.accountId, mine.keyId, 1_000_000)).toEqual({
      ok: true,
    });
    const key = await db().apiKey.findUniqueOrThrow({ where: { id: theirs.keyId } });
    expect(key.spendCapMonthlyMicros).toBeNull();
  });

  it("reads PKR from the forms exactly, blank as no cap, and refuses the rest with a message", () => {
    expect(accountSpendSchema.parse({ cap: "2,500.75", postpaid: "on" })).toEqual({
      cap: 2_500_750_000,
      postpaid: true,
    });
    expect(keyCapSchema.parse({ keyId: "k", cap: " " })).toEqual({ keyId: "k", cap: null });
    const bad = keyCapSchema.safeParse({ keyId: "k", cap: "lots" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/PKR/);
  });
});
