import type pg from "pg";
import { revenueSummary } from "@/lib/admin/revenue";
import { revenueByMonth } from "@/lib/admin/revenue-history";
import { accountOverview } from "@/lib/portal/overview";
import { recentRequests } from "@/lib/portal/recent-requests";
import { usageSeries } from "@/lib/portal/usage-series";
import { pool } from "@/lib/services";
import { customerUsage } from "@/lib/usage/customer-usage";
import { listCustomers } from "@/lib/usage/customers";
import { gatewayHealth } from "@/lib/usage/health";
import { currentPeriod } from "@/lib/usage/period";
import { profitability } from "@/lib/usage/profitability";
import { usageSummary } from "@/lib/usage/summary";

export interface Timing {
  query: string;
  /** First run: plan not cached, pages maybe not in memory. */
  coldMs: number;
  medianMs: number;
  maxMs: number;
}

async function time(query: string, work: () => Promise<unknown>, runs: number): Promise<Timing> {
  let started = performance.now();
  await work();
  const coldMs = performance.now() - started;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    query,
    coldMs: round(coldMs),
    medianMs: round(times[Math.floor(runs / 2)]),
    maxMs: round(times[runs - 1]),
  };
}

/**
 * What the customer dashboard and the admin revenue console fetch, timed on whatever history
 * the database holds, for the busiest account (the one with the most events this month).
 * Uses the app's own query functions (lib/portal, lib/admin, lib/usage) through lib/db/client.
 */
export async function measureDashboardQueries(db: pg.Pool, runs = 7): Promise<Timing[]> {
  const { rows } = await db.query<{ account_id: string }>(
    `SELECT account_id FROM usage_daily WHERE day >= date_trunc('month', now())::date
      GROUP BY account_id ORDER BY sum(requests) DESC LIMIT 1`,
  );
  const busiest = rows[0]?.account_id;
  if (!busiest) throw new Error("no usage this month to measure");
  const period = currentPeriod();
  const today = new Date().toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  const work: [string, () => Promise<unknown>][] = [
    ["dashboard: overview (plan, today, month)", () => accountOverview(busiest)],
    ["dashboard: 30-day chart by key", () => usageSeries(busiest, "key")],
    ["dashboard: 30-day chart by endpoint", () => usageSeries(busiest, "endpoint")],
    ["dashboard: 50 recent requests", () => recentRequests(busiest)],
    ["GET /api/v1/usage (month summary)", () => usageSummary(pool(), busiest, monthStart, today)],
    ["admin: revenue summary (MRR, plans)", () => revenueSummary(period)],
    ["admin: revenue by month (12)", () => revenueByMonth(period)],
    ["admin: profitability (usage cost vs paid)", () => profitability(period)],
    ["admin: customers by requests", () => listCustomers(period, { sort: "requests" })],
    ["admin: customer usage (busiest)", () => customerUsage(busiest, period)],
    ["admin: gateway health (last hour, raw events)", () => gatewayHealth()],
  ];
  const timings: Timing[] = [];
  for (const [query, fn] of work) timings.push(await time(query, fn, runs));
  return timings;
}
