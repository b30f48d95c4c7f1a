import { pool } from "@/lib/services";
import { MONTH_START, MONTH_START_DAY, type Period } from "./period";

export interface AccountMargin {
  accountId: string;
  name: string;
  plan: string;
  requests: number;
  /** What this month's usage would cost at the list price of each model. */
  usageCostPaisa: number;
  /** Paid invoices this month, plus the contract price for Enterprise (invoiced outside Stripe). */
  revenuePaisa: number;
  marginPaisa: number;
}

export interface Profitability {
  accounts: AccountMargin[];
  profitable: number;
  unprofitable: number;
  totalUsageCostPaisa: number;
  totalRevenuePaisa: number;
}

interface MarginRow extends AccountMargin {
  total_count: number;
  profitable_count: number;
  total_cost: number;
  total_revenue: number;
}

/**
 * This month, for every account that used the gateway or paid: usage at list price against what
 * it paid. Reads the monthly rollup (one row per account and month, kept by triggers on
 * usage_daily) and the invoices, never raw events. Returns the `limit` least profitable accounts first.
 */
export async function profitability(period: Period, limit = 25): Promise<Profitability> {
  const { rows } = await pool().query<MarginRow>(
    `WITH usage AS (
       SELECT account_id, requests::float8 AS requests, cost_paisa::float8 AS cost
         FROM usage_monthly WHERE month = ${MONTH_START_DAY}
     ), paid AS (
       SELECT account_id, sum(amount_paid)::float8 AS paid
         FROM invoices
        WHERE status = 'paid' AND paid_at >= ${MONTH_START} AND paid_at <= $1
        GROUP BY account_id
     ), margins AS (
       SELECT a.id AS "accountId", a.name, a.plan,
              COALESCE(u.requests, 0) AS requests,
              COALESCE(u.cost, 0) AS "usageCostPaisa",
              COALESCE(p.paid, 0)
                + CASE WHEN a.plan = 'enterprise' THEN COALESCE(a.custom_price_paisa, 0) ELSE 0 END
                AS "revenuePaisa"
         FROM accounts a
         LEFT JOIN usage u ON u.account_id = a.id
         LEFT JOIN paid p ON p.account_id = a.id
        WHERE u.account_id IS NOT NULL OR p.account_id IS NOT NULL
           OR (a.plan = 'enterprise' AND a.custom_price_paisa > 0)
     )
     SELECT m.*, "revenuePaisa" - "usageCostPaisa" AS "marginPaisa",
            count(*) OVER ()::int AS total_count,
            count(*) FILTER (WHERE "revenuePaisa" >= "usageCostPaisa") OVER ()::int AS profitable_count,
            sum("usageCostPaisa") OVER () AS total_cost,
            sum("revenuePaisa") OVER () AS total_revenue
       FROM margins m
      ORDER BY "marginPaisa" ASC, "accountId"
      LIMIT $3`,
    [period.at, period.timeZone, limit],
  );
  const first = rows[0];
  return {
    accounts: rows.map(
      ({ total_count, profitable_count, total_cost, total_revenue, ...row }) => row,
    ),
    profitable: first?.profitable_count ?? 0,
    unprofitable: first ? first.total_count - first.profitable_count : 0,
    totalUsageCostPaisa: first?.total_cost ?? 0,
    totalRevenuePaisa: first?.total_revenue ?? 0,
  };
}
