import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { listCustomers } from "@/lib/usage/customers";
import type { Period } from "@/lib/usage/period";
import { profitability } from "@/lib/usage/profitability";
import { revenueSummary } from "./revenue";
import { revenueByMonth } from "./revenue-history";
import { expectedMonthUsage, expectedRevenue, type TestAccount } from "./test-support/business";
import { buildBusiness, insertBusiness } from "./test-support/fixture";

const period: Period = { at: new Date("2026-06-15T07:00:00Z"), timeZone: "Asia/Karachi" };

describe("admin revenue and customers queries", () => {
  let testServices: TestServices;
  let business: TestAccount[];

  beforeAll(async () => {
    testServices = await setUpTestServices();
    business = buildBusiness("rev", period.at);
    await insertBusiness(pool(), business);
  });
  afterAll(() => testServices?.teardown());

  it("MRR, subscribers by plan, new and churned match the subscriptions", async () => {
    const expected = expectedRevenue(business, period.at, period.timeZone);
    const summary = await revenueSummary(period);
    expect(summary.mrrPaisa).toBe(expected.mrrPaisa);
    expect(summary.subscribers).toBe(expected.subscribers);
    for (const plan of summary.byPlan) {
      const want = expected.byPlan[plan.plan] ?? { accounts: 0, subscribers: 0, mrrPaisa: 0 };
      expect({ plan: plan.plan, ...want }).toEqual({
        plan: plan.plan,
        accounts: plan.accounts,
        subscribers: plan.subscribers,
        mrrPaisa: plan.mrrPaisa,
      });
    }
    expect(summary.newThisMonth).toBe(expected.newThisMonth);
    expect(summary.churnedThisMonth).toBe(expected.churnedThisMonth);
    expect(summary.arpuPaisa).toBe(Math.round(expected.mrrPaisa / expected.subscribers));
    // The fixture's own arithmetic, written out once: 2 starter + 3 pro + 1 enterprise contract.
    expect(expected.mrrPaisa).toBe(2 * 500_000 + 3 * 2_500_000 + 15_000_000);
    expect([expected.newThisMonth, expected.churnedThisMonth]).toEqual([1, 2]);
  });

  it("collected revenue per month comes from paid invoices, by the Karachi month they were paid", async () => {
    const expected = expectedRevenue(business, period.at, period.timeZone);
    const months = await revenueByMonth(period);
    expect(months).toHaveLength(12);
    expect(Object.fromEntries(months.map((month) => [month.month, month.collectedPaisa]))).toEqual(
      expected.collectedByMonth,
    );
    // 5,000 (starter) + 25,000 paid at 01:00 on June 1st in Karachi (May 31st in UTC) + 5,000 (new).
    expect(months.at(-1)).toMatchObject({
      month: "2026-06",
      collectedPaisa: 3_500_000,
      invoices: 3,
    });
  });

  it("profitability sets this month's usage cost against what each account paid", async () => {
    const result = await profitability(period, 100);
    const byId = new Map(result.accounts.map((row) => [row.accountId, row]));
    const enterprise = business.find((account) => account.customPricePaisa)!;
    expect(byId.get(enterprise.id)).toMatchObject({
      usageCostPaisa: expectedMonthUsage(enterprise, period.at, period.timeZone).costPaisa,
      revenuePaisa: 15_000_000,
    });
    const free = business[0]!;
    expect(byId.get(free.id)?.marginPaisa).toBe(
      -expectedMonthUsage(free, period.at, period.timeZone).costPaisa,
    );
    expect(result.profitable + result.unprofitable).toBe(byId.size);
  });

  it("lists customers with this month's usage, MRR and owner, searchable and paginated", async () => {
    const page = await listCustomers(period, { pageSize: 100 });
    expect(page.total).toBe(business.length);
    const expected = expectedRevenue(business, period.at, period.timeZone);
    const mrr = page.rows.reduce((sum, row) => sum + row.mrrPaisa, 0);
    expect(mrr).toBe(expected.mrrPaisa);
    for (const account of business) {
      const row = page.rows.find((candidate) => candidate.id === account.id);
      const usage = expectedMonthUsage(account, period.at, period.timeZone);
      expect(row).toMatchObject({
        email: account.email,
        plan: account.plan,
        requests: usage.requests,
        tokens: usage.tokens,
      });
    }

    const found = await listCustomers(period, { search: business[2]!.email.toUpperCase() });
    expect(found.rows.map((row) => row.id)).toEqual([business[2]!.id]);
    expect((await listCustomers(period, { search: "100%" })).total).toBe(0);

    const first = await listCustomers(period, { pageSize: 5, page: 1 });
    const third = await listCustomers(period, { pageSize: 5, page: 3 });
    expect(first.rows).toHaveLength(5);
    expect(third.rows).toHaveLength(business.length - 10);
    expect(new Set([...first.rows, ...third.rows].map((row) => row.id)).size).toBe(
      first.rows.length + third.rows.length,
    );

    const busiest = await listCustomers(period, { sort: "requests", pageSize: 1 });
    expect(busiest.rows[0]?.requests).toBe(5000);
  });
});
