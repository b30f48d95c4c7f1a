import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { upstreamCostByModel } from "@/lib/usage/upstream-cost";
import { formatMicrosPkr, roundToPaisa } from "./format";
import { moneyReport } from "./margin";
import { infraMicrosFor, moneyRange } from "./range";
import { revenueSplit } from "./revenue-split";

const TZ = "Asia/Karachi";
const AT = new Date("2026-06-15T07:00:00Z");
const PKR = 1_000_000n;
const thisMonth = () => moneyRange({}, AT, TZ) as NonNullable<ReturnType<typeof moneyRange>>;
const lastMonth = () =>
  moneyRange({ range: "last-month" }, AT, TZ) as NonNullable<ReturnType<typeof moneyRange>>;

async function account(id: string) {
  await pool().query("INSERT INTO accounts (id, name, updated_at) VALUES ($1, $1, now())", [id]);
}

async function entry(accountId: string, kind: string, micros: bigint, key: string, at: string) {
  await pool().query(
    `INSERT INTO ledger_entries (idempotency_key, account_id, kind, amount_micros, actor_type, created_at, reference)
     VALUES ($1, $2, $3::"LedgerKind", $4, 'system', $5, $6)`,
    [key, accountId, kind, micros.toString(), at, key.replace(/^[a-z-]+:/, "")],
  );
}

async function invoice(
  id: string,
  accountId: string,
  status: string,
  paisa: number,
  paidAt: string | null,
) {
  await pool().query(
    `INSERT INTO invoices (id, account_id, status, amount_due, amount_paid, period_start, period_end, paid_at)
     VALUES ($1, $2, $3, $4, $5, now(), now(), $6)`,
    [id, accountId, status, paisa, status === "paid" ? paisa : 0, paidAt],
  );
}

async function version(model: string, from: string, up: [number, number, number, number]) {
  await pool().query(
    `INSERT INTO price_book (id, model, effective_from, input_per_1m_micros, output_per_1m_micros,
       upstream_input_per_1m_micros, upstream_cached_input_per_1m_micros,
       upstream_output_per_1m_micros, upstream_per_request_micros, source)
     VALUES ($1, $2, $3, 9000000, 30000000, $4, $5, $6, $7, 'admin')`,
    [`${model}@${from}`, model, from, ...up],
  );
}

let n = 0;
async function event(
  model: string,
  at: string,
  use: { in: number; cachedTokens?: number; out: number },
  flags: { cached?: boolean; billed?: boolean } = {},
) {
  n += 1;
  await pool().query(
    `INSERT INTO usage_events (id, account_id, endpoint, model, status, tokens_in, tokens_out,
       tokens_cached, cached, billed, cost_micros, created_at)
     VALUES ($1, 'acct-a', 'chat', $2, 200, $3, $4, $5, $6, $7, 1, $8)`,
    [
      `req-${n}`,
      model,
      use.in,
      use.out,
      use.cachedTokens ?? 0,
      flags.cached ?? false,
      flags.billed ?? true,
      at,
    ],
  );
}

describe("the seller's money views", () => {
  let testServices: TestServices;

  beforeAll(async () => {
    testServices = await setUpTestServices();
    for (const id of ["acct-a", "acct-b", "acct-c"]) await account(id);
    // Subscriptions: paid in June, paid in May, and an open invoice (not revenue).
    await invoice("in_a", "acct-a", "paid", 500_000, "2026-06-02T10:00:00Z");
    await invoice("in_b", "acct-b", "paid", 250_000, "2026-05-10T10:00:00Z");
    await invoice("in_open", "acct-a", "open", 999_900, null);
    // Ledger: A tops up, spends, is partly refunded; B topped up in May, spends and is granted in
    // June; C spends its top-up and is then refunded it whole (a balance below zero: owed).
    await entry("acct-a", "topup", 1_000n * PKR, "topup:pi_a", "2026-06-03T10:00:00Z");
    await entry("acct-a", "usage", -1_234_567n, "usage:req-a1", "2026-06-05T10:00:00Z");
    await entry("acct-a", "refund", -100n * PKR, "topup-refund:re_a", "2026-06-06T10:00:00Z");
    await entry("acct-b", "topup", 500n * PKR, "topup:pi_b", "2026-05-20T10:00:00Z");
    await entry("acct-b", "usage", -300n * PKR, "usage:req-b1", "2026-06-07T10:00:00Z");
    await entry("acct-b", "grant", 50n * PKR, "grant:b1", "2026-06-08T10:00:00Z");
    await entry("acct-c", "topup", 100n * PKR, "topup:pi_c", "2026-06-03T10:00:00Z");
    await entry("acct-c", "usage", -80n * PKR, "usage:req-c1", "2026-06-04T10:00:00Z");
    await entry("acct-c", "refund", -100n * PKR, "topup-refund:re_c", "2026-06-05T10:00:00Z");
    // An entry after the report's end changes nothing reported.
    await entry("acct-a", "topup", 7n * PKR, "topup:pi_later", "2026-07-02T10:00:00Z");

    // Two upstream price versions of chat-x, the second from June 10th 00:00 UTC:
    // [input, cached input, output per 1M; per request] in micros.
    await version("chat-x", "2026-01-01T00:00:00Z", [2_000_000, 500_000, 8_000_000, 0]);
    await version("chat-x", "2026-06-10T00:00:00Z", [3_000_000, 1_000_000, 12_000_000, 100]);
    await event("chat-x", "2026-06-05T10:00:00Z", { in: 1000, out: 500 }); // v1: 2000 + 4000
    await event("chat-x", "2026-06-09T23:59:59.999Z", { in: 1000, cachedTokens: 400, out: 100 }); // v1: 1200 + 200 + 800
    await event("chat-x", "2026-06-10T00:00:00Z", { in: 1000, cachedTokens: 400, out: 100 }); // v2: 1800 + 400 + 1200 + 100
    await event("chat-x", "2026-06-12T10:00:00Z", { in: 3, cachedTokens: 1, out: 0 }); // v2: 6 + 1 + 100
    await event("chat-x", "2026-06-11T10:00:00Z", { in: 1000, out: 100 }, { cached: true }); // response cache: no upstream
    await event("chat-x", "2026-06-11T10:00:00Z", { in: 1000, out: 100 }, { billed: false }); // refused
    await event("chat-x", "2026-05-20T10:00:00Z", { in: 1000, out: 0 }); // last month
    await event("img-y", "2026-06-12T10:00:00Z", { in: 0, out: 0 }); // no price version
  });
  afterAll(() => testServices?.teardown());

  it("splits this month's revenue into subscriptions, usage and top-ups; credit outstanding is a liability", async () => {
    const split = await revenueSplit(thisMonth());
    expect(split).toEqual({
      subscriptionsMicros: 5_000n * PKR,
      creditUsageMicros: 1_234_567n + 300n * PKR + 80n * PKR,
      postpaidUsageMicros: 0n,
      topupsMicros: 1_100n * PKR,
      refundsMicros: 200n * PKR,
      grantsMicros: 50n * PKR,
      revenueMicros: 5_000n * PKR + 381_234_567n,
      collectedMicros: 5_000n * PKR + 900n * PKR,
      // A: 1000 − 1.234567 − 100; B: 500 − 300 + 50. C's −80 is owed, not netted against them.
      outstandingCreditMicros: 898_765_433n + 250n * PKR,
      owedCreditMicros: 80n * PKR,
      accountsWithCredit: 2,
    });
    expect(formatMicrosPkr(split.outstandingCreditMicros)).toBe(formatMicrosPkr(1_148_765_433n));
  });

  it("last month reads May's invoice and top-up, and the credit outstanding at May's end", async () => {
    const split = await revenueSplit(lastMonth());
    expect(split).toMatchObject({
      subscriptionsMicros: 2_500n * PKR,
      creditUsageMicros: 0n,
      topupsMicros: 500n * PKR,
      outstandingCreditMicros: 500n * PKR,
      accountsWithCredit: 1,
    });
  });

  it("prices upstream usage at the version in force when each call started, cached tokens at the cached rate", async () => {
    const models = await upstreamCostByModel(thisMonth().from, thisMonth().to);
    expect(models).toEqual([
      {
        model: "chat-x",
        calls: 4,
        tokensIn: 3003,
        tokensCached: 801,
        tokensOut: 700,
        costMicros: 6000n + 2200n + 3500n + 107n,
        unpricedCalls: 0,
      },
      {
        model: "img-y",
        calls: 1,
        tokensIn: 0,
        tokensCached: 0,
        tokensOut: 0,
        costMicros: 0n,
        unpricedCalls: 1,
      },
    ]);
  });

  it("margin = revenue − upstream cost − infrastructure cost, rounded only for display", async () => {
    const { margin } = await moneyReport(thisMonth(), 1_000_000n);
    expect(margin).toEqual({
      revenueMicros: 5_381_234_567n,
      upstreamCostMicros: 11_807n,
      infraCostMicros: 10_000n * PKR,
      marginMicros: 5_381_234_567n - 11_807n - 10_000n * PKR,
      infraMonthlyPaisa: 1_000_000n,
    });
    // −4,618,777,240 micros is −Rs 4,618.77724: shown as −Rs 4,618.78.
    expect(roundToPaisa(margin.marginMicros)).toBe(-461_878n);
    expect(roundToPaisa(11_807n)).toBe(1n);
    expect(roundToPaisa(-5_000n)).toBe(-1n);
  });

  it("custom ranges are business-zone days, inclusive; infrastructure is prorated by the days of each month", () => {
    const june = moneyRange({ range: "custom", from: "2026-06-01", to: "2026-06-15" }, AT, TZ);
    expect(june?.from.toISOString()).toBe("2026-05-31T19:00:00.000Z");
    expect(june?.to.toISOString()).toBe("2026-06-15T19:00:00.000Z");
    expect(infraMicrosFor(june as NonNullable<typeof june>, 1_000_000n)).toBe(5_000n * PKR);
    const across = moneyRange({ range: "custom", from: "2026-05-17", to: "2026-06-15" }, AT, TZ);
    // 15/31 of May + 15/30 of June of Rs 10,000, rounded once to the micro.
    expect(infraMicrosFor(across as NonNullable<typeof across>, 1_000_000n)).toBe(9_838_709_677n);
    expect(
      moneyRange({ range: "custom", from: "2026-06-15", to: "2026-06-01" }, AT, TZ),
    ).toBeNull();
    expect(moneyRange({ range: "custom", from: "2026-06-01" }, AT, TZ)).toBeNull();
    expect(
      moneyRange({ range: "custom", from: "2025-01-01", to: "2026-06-01" }, AT, TZ),
    ).toBeNull();
    expect(thisMonth()).toMatchObject({ label: "2026-06", to: AT });
    expect(lastMonth()).toMatchObject({
      label: "2026-05",
      from: new Date("2026-04-30T19:00:00Z"),
      to: new Date("2026-05-31T19:00:00Z"),
    });
  });
});
