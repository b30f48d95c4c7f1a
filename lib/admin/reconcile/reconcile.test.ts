import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/admin/reconcile/route";
import {
  type BillingFixture,
  startBillingFixture,
} from "@/lib/billing/test-support/billing-fixture";
import { deliver, lastEvent } from "@/lib/billing/test-support/events";
import { topUp } from "@/lib/billing/test-support/top-up";
import { resetEnvCache } from "@/lib/config/env";
import { balanceOf } from "@/lib/credit/reads";
import type { UsageEventRow } from "@/lib/gateway/metering/types";
import { batchWriter } from "@/lib/gateway/metering/writer";
import { pool } from "@/lib/services";
import { reconcile } from "./reconcile";

const PKR = 1_000_000;
const TOKEN = "a-reconcile-admin-token-of-32-characters!";
let fixture: BillingFixture;

/** Calls paid from credit, written as the gateway writes them: events and debits in one batch. */
async function paidCalls(accountId: string, prefix: string, costs: number[]) {
  const now = Date.now();
  const rows: UsageEventRow[] = costs.map((cost, i) => ({
    id: `${prefix}-${i}`,
    accountId,
    keyId: null,
    endpoint: "chat",
    model: "demo-chat",
    upstream: "demo",
    status: 200,
    tokensIn: 10,
    tokensOut: 20,
    latencyMs: 5,
    cached: false,
    estimated: false,
    billed: true,
    errorCode: null,
    costPaisa: Math.ceil(cost / 10_000),
    costMicros: cost,
    creditMicros: cost,
    createdAt: now - i,
  }));
  await batchWriter(pool, "Asia/Karachi")(rows);
}

async function paidTopUp(accountId: string, email: string, micros: number) {
  const { paymentIntentId } = await topUp(fixture, accountId, email, micros);
  await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
  return paymentIntentId;
}

beforeAll(async () => {
  fixture = await startBillingFixture();
  process.env.DARWAZA_ADMIN_TOKEN = TOKEN;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.DARWAZA_ADMIN_TOKEN;
  resetEnvCache();
  await fixture?.close();
});

describe("reconciliation: ledger = usage events' costs = Stripe payments", () => {
  let a: { accountId: string; customerId: string };
  let b: { accountId: string; customerId: string };

  it("is clean after top-ups, a partial refund and paid calls", async () => {
    a = await fixture.createAccount("rec-a@billing.test");
    b = await fixture.createAccount("rec-b@billing.test");
    const payment = await paidTopUp(a.accountId, "rec-a@billing.test", 500 * PKR);
    await paidTopUp(a.accountId, "rec-a@billing.test", 200 * PKR);
    await paidTopUp(b.accountId, "rec-b@billing.test", 150 * PKR);
    await fixture.stripe.refunds.create({ payment_intent: payment, amount: 10_000 });
    const charge = (await fixture.stripe.paymentIntents.retrieve(payment)).latest_charge as string;
    await deliver(fixture, await lastEvent(fixture, charge, "charge.refunded"));
    await paidCalls(a.accountId, "rec-a", [1_234_567, 42, 9_999_999]);
    await paidCalls(b.accountId, "rec-b", [3]);

    const result = await reconcile(fixture.stripe);
    expect(result.mismatched).toBe(0);
    const mine = result.accounts.find((row) => row.accountId === a.accountId);
    expect(mine).toMatchObject({
      balanceMicros: BigInt(600 * PKR - 1_234_567 - 42 - 9_999_999),
      byKindSumMicros: BigInt(600 * PKR - 1_234_567 - 42 - 9_999_999),
      usageDebitsMicros: 11_234_608n,
      usageEventCostMicros: 11_234_608n,
      topupsMicros: BigInt(700 * PKR),
      refundsMicros: BigInt(100 * PKR),
      stripePaidMicros: BigInt(700 * PKR),
      stripeRefundedMicros: BigInt(100 * PKR),
      mismatches: [],
    });
    expect(mine?.balanceMicros).toBe(await balanceOf(a.accountId));
  });

  it("finds a planted event cost change, a payment never credited and a credit without payment — those accounts first", async () => {
    // An event's cost changed after its debit was written.
    await pool().query(
      "UPDATE usage_events SET cost_micros = cost_micros + 1 WHERE id = 'rec-a-1'",
    );
    // B pays a top-up whose webhook never arrives.
    const { paymentIntentId: lost } = await topUp(
      fixture,
      b.accountId,
      "rec-b@billing.test",
      300 * PKR,
    );
    // C has credit no Stripe payment backs.
    const c = await fixture.createAccount("rec-c@billing.test");
    await pool().query(
      `INSERT INTO ledger_entries (idempotency_key, account_id, kind, amount_micros, reference, actor_type)
       VALUES ('topup:pi_forged', $1, 'topup', 1000000, 'pi_forged', 'system')`,
      [c.accountId],
    );
    const clean = await fixture.createAccount("rec-d@billing.test");

    const result = await reconcile(fixture.stripe);
    expect(result.mismatched).toBe(3);
    expect(
      result.accounts
        .slice(0, 3)
        .map((row) => row.accountId)
        .sort(),
    ).toEqual([a.accountId, b.accountId, c.accountId].sort());
    const of = (id: string) => result.accounts.find((row) => row.accountId === id);
    expect(of(a.accountId)?.mismatches).toEqual([
      {
        kind: "usage-debit",
        reference: "rec-a-1",
        ledgerMicros: 42n,
        expectedMicros: 43n,
        detail: "the debit is not the event's cost",
      },
    ]);
    expect(of(b.accountId)?.mismatches).toEqual([
      {
        kind: "topup-not-credited",
        reference: lost,
        ledgerMicros: 0n,
        expectedMicros: BigInt(300 * PKR),
        detail: "paid in Stripe, never credited",
      },
    ]);
    expect(of(c.accountId)?.mismatches.map((m) => [m.kind, m.reference])).toEqual([
      ["topup-without-payment", "pi_forged"],
    ]);
    expect(of(clean.accountId)?.mismatches ?? []).toEqual([]);
  });

  it("npm run billing:reconcile prints the mismatches and exits 1", async () => {
    const run = promisify(execFile)("npx", ["tsx", "scripts/billing-reconcile.ts"], {
      env: { ...process.env, DATABASE_URL: fixture.databaseUrl },
    });
    const failed = await run.then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain("usage-debit rec-a-1: the debit is not the event's cost");
    expect(failed?.stdout).toContain("topup-not-credited");
    expect(failed?.stdout).toMatch(/\d+ accounts checked, 3 with mismatches\./);
  }, 60_000);

  it("answers admins only, as JSON with micros as strings", async () => {
    const anonymous = await GET(new Request("http://localhost/api/admin/reconcile"));
    expect(anonymous.status).toBe(401);
    const wrong = await GET(
      new Request("http://localhost/api/admin/reconcile", {
        headers: {
          authorization: "Bearer not-the-token-but-long-enough-to-check",
          "x-forwarded-for": "198.51.100.7",
        },
      }),
    );
    expect(wrong.status).toBe(401);
    const answer = await GET(
      new Request("http://localhost/api/admin/reconcile", {
        headers: { authorization: `Bearer ${TOKEN}`, "x-forwarded-for": "198.51.100.8" },
      }),
    );
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.mismatched_accounts).toBe(3);
    expect(body.accounts[0].mismatches[0]).toMatchObject({ kind: expect.any(String) });
    const a0 = body.accounts.find((row: { account_id: string }) => row.account_id === a.accountId);
    expect(a0.usage_debits_micros).toBe("11234608");
  });
});
