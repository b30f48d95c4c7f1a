import { effectiveLimits, type Limits, type Plan, planOf } from "@/lib/plans/plans";
import { db, pool } from "@/lib/services";
import { businessToday } from "./days";

export interface UsageTotals {
  requests: number;
  /** Requests that were rejected or failed: recorded, never billed. */
  unbilledRequests: number;
  tokensIn: number;
  tokensOut: number;
  costPaisa: number;
}

export interface AccountOverview {
  plan: Plan;
  status: "active" | "suspended";
  limits: Limits;
  /** Counted the way the gateway's limits count: admitted (billed) requests and their tokens. */
  usedNow: { requestsLastMinute: number; requestsToday: number; tokensToday: number };
  month: UsageTotals;
}

interface TotalsRow {
  requests: string;
  billed: string;
  tokens_in: string;
  tokens_out: string;
  cost: string;
}

/** Sums of the daily rollups from `fromDay` to `toDay` (inclusive): never a scan of raw events. */
export async function rollupTotals(
  accountId: string,
  fromDay: string,
  toDay: string,
): Promise<UsageTotals> {
  const { rows } = await pool().query<TotalsRow>(
    `SELECT coalesce(sum(requests), 0) AS requests, coalesce(sum(billed_requests), 0) AS billed,
            coalesce(sum(tokens_in), 0) AS tokens_in, coalesce(sum(tokens_out), 0) AS tokens_out,
            coalesce(sum(cost_paisa), 0) AS cost
       FROM usage_daily
      WHERE account_id = $1 AND day BETWEEN $2::date AND $3::date`,
    [accountId, fromDay, toDay],
  );
  const row = rows[0];
  return {
    requests: Number(row.requests),
    unbilledRequests: Number(row.requests) - Number(row.billed),
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    costPaisa: Number(row.cost),
  };
}

/** The last minute comes from raw events, bounded by the (account_id, created_at desc) index. */
async function requestsLastMinute(accountId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(
    `SELECT count(*) AS n FROM usage_events
      WHERE account_id = $1 AND created_at > now() - interval '60 seconds' AND billed`,
    [accountId],
  );
  return Number(rows[0].n);
}

export async function accountOverview(accountId: string): Promise<AccountOverview | null> {
  const account = await db().account.findUnique({
    where: { id: accountId },
    select: {
      plan: true,
      status: true,
      limitRpm: true,
      limitRpd: true,
      limitTpd: true,
      limitMaxTokens: true,
    },
  });
  if (!account) return null;
  const today = businessToday();
  const [todayTotals, month, lastMinute] = await Promise.all([
    rollupTotals(accountId, today, today),
    rollupTotals(accountId, `${today.slice(0, 8)}01`, today),
    requestsLastMinute(accountId),
  ]);
  return {
    plan: planOf(account.plan),
    status: account.status,
    limits: effectiveLimits(account),
    usedNow: {
      requestsLastMinute: lastMinute,
      requestsToday: todayTotals.requests - todayTotals.unbilledRequests,
      tokensToday: todayTotals.tokensIn + todayTotals.tokensOut,
    },
    month,
  };
}
