import { MONTH_START, MONTH_START_DAY, type Period } from "@/lib/admin/period";
import { pool } from "@/lib/db/client";

/**
 * The two admin queries that rank every account by this month's usage, as they would read with
 * the usage_monthly rollup (one row per account and month) instead of summing every usage_daily
 * row of the month. Timed beside the current ones by `npm run seed:10m` to size the change.
 */
export async function profitabilityViaMonthly(period: Period, limit = 25): Promise<unknown[]> {
  const { rows } = await pool().query(
    `WITH usage AS (
       SELECT account_id, requests::float8 AS requests, cost_paisa::float8 AS cost
         FROM usage_monthly WHERE month = ${MONTH_START_DAY}
     ), paid AS (
       SELECT account_id, sum(amount_paid)::float8 AS paid FROM invoices
        WHERE status = 'paid' AND paid_at >= ${MONTH_START} AND paid_at <= $1 GROUP BY account_id
     ), margins AS (
       SELECT a.id, COALESCE(u.cost, 0) AS cost,
              COALESCE(p.paid, 0) + CASE WHEN a.plan = 'enterprise' THEN COALESCE(a.custom_price_paisa, 0) ELSE 0 END AS revenue
         FROM accounts a LEFT JOIN usage u ON u.account_id = a.id LEFT JOIN paid p ON p.account_id = a.id
        WHERE u.account_id IS NOT NULL OR p.account_id IS NOT NULL OR (a.plan = 'enterprise' AND a.custom_price_paisa > 0)
     )
     SELECT m.*, revenue - cost AS margin, count(*) OVER () AS total,
            sum(cost) OVER () AS total_cost, sum(revenue) OVER () AS total_revenue
       FROM margins m ORDER BY margin, id LIMIT $3`,
    [period.at, period.timeZone, limit],
  );
  return rows;
}

export async function customersByRequestsViaMonthly(period: Period): Promise<unknown[]> {
  const { rows } = await pool().query(
    `SELECT a.id, COALESCE(u.requests, 0) AS rank
       FROM accounts a
       LEFT JOIN usage_monthly u ON u.account_id = a.id AND u.month = ${MONTH_START_DAY}
      ORDER BY rank DESC, a.created_at DESC, a.id LIMIT 25`,
    [period.at, period.timeZone],
  );
  return rows;
}
