import { BILLED_STATUSES, PLAN_IDS } from "@/lib/plans/plans";
import { pool } from "@/lib/services";
import { MONTH_START, type Period } from "@/lib/usage/period";

export interface PlanRevenue {
  /** A plan's slug: the defaults first, then the seller's others that have accounts. */
  plan: string;
  /** Accounts on this plan (paying or not). */
  accounts: number;
  /** Accounts paying for this plan. */
  subscribers: number;
  mrrPaisa: number;
}

export interface RevenueSummary {
  mrrPaisa: number;
  subscribers: number;
  /** MRR per paying account, rounded to a paisa. */
  arpuPaisa: number;
  byPlan: PlanRevenue[];
  newThisMonth: number;
  churnedThisMonth: number;
}

/**
 * Who pays what each month: billed Stripe subscriptions at their price, and Enterprise accounts
 * at the price agreed with them (invoiced outside Stripe). An Enterprise account's Stripe
 * subscription, if one lingers from before the upgrade, is not counted on top of its contract.
 */
const PAYING_SQL = `
  SELECT s.account_id, s.plan, s.amount_paisa AS amount
    FROM subscriptions s JOIN accounts a ON a.id = s.account_id
   WHERE s.status = ANY($1::text[]) AND a.plan <> 'enterprise'
  UNION ALL
  SELECT a.id, 'enterprise', a.custom_price_paisa
    FROM accounts a
   WHERE a.plan = 'enterprise' AND a.custom_price_paisa > 0`;

interface PlanRow {
  plan: string | null;
  subscribers: number;
  mrr: number;
}

async function payingByPlan(): Promise<PlanRow[]> {
  // GROUPING SETS gives the per-plan rows and the grand total (plan null) in one pass; the total
  // counts an account with two subscriptions once.
  const { rows } = await pool().query<PlanRow>(
    `WITH paying AS (${PAYING_SQL})
     SELECT plan, count(DISTINCT account_id)::int AS subscribers, sum(amount)::float8 AS mrr
       FROM paying GROUP BY GROUPING SETS ((plan), ())`,
    [BILLED_STATUSES],
  );
  return rows;
}

async function accountsByPlan(): Promise<Map<string, number>> {
  const { rows } = await pool().query<{ plan: string; accounts: number }>(
    "SELECT plan, count(*)::int AS accounts FROM accounts GROUP BY plan",
  );
  return new Map(rows.map((row) => [row.plan, row.accounts]));
}

/**
 * New: subscriptions started this month (abandoned checkouts excluded). Churned: subscriptions
 * that ended this month — at the period end when cancelled at period end, else when cancelled.
 */
async function movements(period: Period): Promise<{ started: number; ended: number }> {
  const { rows } = await pool().query<{ started: number; ended: number }>(
    `SELECT
       count(*) FILTER (WHERE created_at >= ${MONTH_START} AND created_at <= $1
                          AND status NOT IN ('incomplete', 'incomplete_expired'))::int AS started,
       count(*) FILTER (WHERE status = 'canceled' AND COALESCE(
                          CASE WHEN cancel_at_period_end THEN LEAST(current_period_end, updated_at) END,
                          canceled_at, updated_at) >= ${MONTH_START})::int AS ended
       FROM subscriptions
      WHERE created_at >= ${MONTH_START} OR status = 'canceled'`,
    [period.at, period.timeZone],
  );
  return rows[0] ?? { started: 0, ended: 0 };
}

export async function revenueSummary(period: Period): Promise<RevenueSummary> {
  const [paying, accounts, moves] = await Promise.all([
    payingByPlan(),
    accountsByPlan(),
    movements(period),
  ]);
  const total = paying.find((row) => row.plan === null);
  const others = [...accounts.keys(), ...paying.map((row) => row.plan)]
    .filter(
      (plan): plan is string => plan !== null && !(PLAN_IDS as readonly string[]).includes(plan),
    )
    .sort();
  const byPlan = [...PLAN_IDS, ...new Set(others)].map((plan): PlanRevenue => {
    const row = paying.find((candidate) => candidate.plan === plan);
    return {
      plan,
      accounts: accounts.get(plan) ?? 0,
      subscribers: row?.subscribers ?? 0,
      mrrPaisa: row?.mrr ?? 0,
    };
  });
  const mrrPaisa = total?.mrr ?? 0;
  const subscribers = total?.subscribers ?? 0;
  return {
    mrrPaisa,
    subscribers,
    arpuPaisa: subscribers > 0 ? Math.round(mrrPaisa / subscribers) : 0,
    byPlan,
    newThisMonth: moves.started,
    churnedThisMonth: moves.ended,
  };
}
