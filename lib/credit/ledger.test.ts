import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { creditTopUp, grantCredit, reverseTopUp } from "./ledger";
import { formatMicros, pkrToMicros } from "./money";
import { balanceOf, recentEntries } from "./reads";

let test: TestServices;
const ADMIN = { type: "user" as const, id: "admin-1", email: "admin@example.com" };

beforeAll(async () => {
  test = await setUpTestServices();
});

afterAll(async () => {
  await test.teardown();
});

let n = 0;
async function account(): Promise<string> {
  n++;
  return (await db().account.create({ data: { name: `ledger ${n}` } })).id;
}

describe("the credit ledger", () => {
  it("credits a top-up once however often (and concurrently) its webhook arrives", async () => {
    const id = await account();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        creditTopUp({ accountId: id, amountMicros: 500_000_000, paymentId: "pi_1" }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await balanceOf(id)).toBe(500_000_000n);
  });

  it("reverses a refunded top-up once per refund, never more than it credited", async () => {
    const id = await account();
    await creditTopUp({ accountId: id, amountMicros: 1_000_000_000, paymentId: "pi_2" });
    const refund = {
      accountId: id,
      paymentId: "pi_2",
      refundId: "re_1",
      amountMicros: 400_000_000,
    };
    expect(await reverseTopUp(refund)).toBe(true);
    expect(await reverseTopUp(refund)).toBe(false);
    await expect(
      reverseTopUp({ ...refund, refundId: "re_2", amountMicros: 700_000_000 }),
    ).rejects.toThrow(/more than its top-up/);
    expect(await balanceOf(id)).toBe(600_000_000n);
    const kinds = (await recentEntries(id)).map((e) => [e.kind, e.amountMicros]);
    expect(kinds).toEqual([
      ["refund", -400_000_000n],
      ["topup", 1_000_000_000n],
    ]);
  });

  it("records an admin's grant in the audit log with it, once per submission", async () => {
    const id = await account();
    const grant = {
      accountId: id,
      amountMicros: 2_500_000,
      note: "sorry for the outage",
      actor: ADMIN,
      idempotencyKey: "form-1",
    };
    expect(await grantCredit(grant)).toBe(true);
    expect(await grantCredit(grant)).toBe(false);
    expect(await balanceOf(id)).toBe(2_500_000n);
    const audits = await db().auditLog.findMany({
      where: { accountId: id, action: "credit.grant" },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0].actorEmail).toBe(ADMIN.email);
    await expect(
      grantCredit({ ...grant, idempotencyKey: "form-2", amountMicros: 0 }),
    ).rejects.toThrow(RangeError);
  });

  it("is append-only: an entry cannot be edited", async () => {
    const id = await account();
    await creditTopUp({ accountId: id, amountMicros: 1, paymentId: "pi_3" });
    await expect(
      pool().query("UPDATE ledger_entries SET amount_micros = 1000 WHERE account_id = $1", [id]),
    ).rejects.toThrow(/append-only/);
  });

  it("reads only the account's own entries", async () => {
    const mine = await account();
    const theirs = await account();
    await creditTopUp({ accountId: theirs, amountMicros: 9, paymentId: "pi_theirs" });
    expect(await recentEntries(mine)).toEqual([]);
    expect(await balanceOf(mine)).toBe(0n);
  });
});

describe("PKR and micros", () => {
  it("parses PKR exactly and formats micros", () => {
    expect(pkrToMicros("1,234.56")).toBe(1_234_560_000);
    expect(pkrToMicros("0.000001")).toBe(1);
    expect(pkrToMicros("0.0000001")).toBeNull();
    expect(pkrToMicros("-5")).toBeNull();
    expect(pkrToMicros("abc")).toBeNull();
    expect(formatMicros(1_234_560_000)).toBe("Rs 1,234.56");
    expect(formatMicros(-125)).toBe("-Rs 0.000125");
    expect(formatMicros(5_000_000n)).toBe("Rs 5.00");
  });
});
