import { effectiveLimits, type Limits, type PlanTerms } from "@/lib/plans/plans";
import { accountPlan } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { billedRequestsLastMinute } from "@/lib/usage/recent";
import { type RollupTotals, rollupTotals } from "@/lib/usage/rollup-totals";
import { businessToday } from "./days";

export interface AccountOverview {
  /** The plan version the account is held to. */
  plan: PlanTerms;
  status: "active" | "suspended";
  limits: Limits;
  /** Counted the way the gateway's limits count: admitted (billed) requests and their tokens. */
  usedNow: { requestsLastMinute: number; requestsToday: number; tokensToday: number };
  month: RollupTotals;
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
  const [todayTotals, month, lastMinute, plan] = await Promise.all([
    rollupTotals(accountId, today, today),
    rollupTotals(accountId, `${today.slice(0, 8)}01`, today),
    billedRequestsLastMinute(accountId),
    accountPlan(db(), accountId),
  ]);
  return {
    plan,
    status: account.status,
    limits: effectiveLimits(account, plan.limits),
    usedNow: {
      requestsLastMinute: lastMinute,
      requestsToday: todayTotals.requests - todayTotals.unbilledRequests,
      tokensToday: todayTotals.tokensIn + todayTotals.tokensOut,
    },
    month,
  };
}
