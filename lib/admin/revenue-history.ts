import { pool } from "@/lib/services";
import type { Period } from "@/lib/usage/period";

export interface MonthRevenue {
  /** "2026-11": the month in the business time zone. */
  month: string;
  collectedPaisa: number;
  invoices: number;
}

/**
 * Money collected per month over the last `months` months (the current one included), from paid
 * invoices by the day they were paid. Every month appears, empty ones as zero, so a chart's
 * x-axis has no gaps. Reads invoices through their paid_at index, never usage.
 */
export async function revenueByMonth(period: Period, months = 12): Promise<MonthRevenue[]> {
  const { rows } = await pool().query<MonthRevenue>(
    `WITH months AS (
       SELECT m FROM generate_series(
         date_trunc('month', $1::timestamptz AT TIME ZONE $2) - make_interval(months => $3::int - 1),
         date_trunc('month', $1::timestamptz AT TIME ZONE $2),
         interval '1 month') AS m
     )
     SELECT to_char(m, 'YYYY-MM') AS month,
            COALESCE(sum(i.amount_paid), 0)::float8 AS "collectedPaisa",
            count(i.id)::int AS invoices
       FROM months
       LEFT JOIN invoices i
         ON i.status = 'paid'
        AND i.paid_at >= (m AT TIME ZONE $2)
        AND i.paid_at < ((m + interval '1 month') AT TIME ZONE $2)
        AND i.paid_at <= $1
      GROUP BY m ORDER BY m`,
    [period.at, period.timeZone, months],
  );
  return rows;
}
