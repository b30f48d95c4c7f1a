import { pool } from "@/lib/services";
import type { Period } from "./period";

export interface UsageDay {
  /** "2026-11-28", a business-zone day. */
  day: string;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costPaisa: number;
}

export interface UsageSplit {
  name: string;
  requests: number;
  tokens: number;
  costPaisa: number;
}

export interface CustomerUsage {
  days: UsageDay[];
  byEndpoint: UsageSplit[];
  byModel: UsageSplit[];
}

const TOTALS = `sum(requests)::float8 AS requests, sum(tokens_in + tokens_out)::float8 AS tokens,
                sum(cost_paisa)::float8 AS "costPaisa"`;

/**
 * An account's last `days` days from the daily rollups, every day present (zero when idle), and
 * the same window split by endpoint and by model. Reads usage_daily through its primary key.
 */
export async function customerUsage(
  accountId: string,
  period: Period,
  days = 30,
): Promise<CustomerUsage> {
  const window = `account_id = $1 AND day > (($2::timestamptz AT TIME ZONE $3)::date - $4::int)`;
  const params = [accountId, period.at, period.timeZone, days];
  const [series, endpoints, models] = await Promise.all([
    pool().query<UsageDay>(
      `WITH span AS (
         SELECT d::date AS day FROM generate_series(
           ($2::timestamptz AT TIME ZONE $3)::date - ($4::int - 1),
           ($2::timestamptz AT TIME ZONE $3)::date, interval '1 day') AS d
       ), usage AS (
         SELECT day, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
                sum(tokens_in)::float8 AS tokens_in, sum(tokens_out)::float8 AS tokens_out,
                sum(cost_paisa)::float8 AS cost
           FROM usage_daily WHERE ${window} GROUP BY day
       )
       SELECT to_char(span.day, 'YYYY-MM-DD') AS day,
              COALESCE(requests, 0) AS requests, COALESCE(errors, 0) AS errors,
              COALESCE(tokens_in, 0) AS "tokensIn", COALESCE(tokens_out, 0) AS "tokensOut",
              COALESCE(cost, 0) AS "costPaisa"
         FROM span LEFT JOIN usage USING (day) ORDER BY span.day`,
      params,
    ),
    pool().query<UsageSplit>(
      `SELECT endpoint AS name, ${TOTALS} FROM usage_daily WHERE ${window}
        GROUP BY endpoint ORDER BY requests DESC`,
      params,
    ),
    pool().query<UsageSplit>(
      `SELECT COALESCE(NULLIF(model, ''), '(none)') AS name, ${TOTALS} FROM usage_daily
        WHERE ${window} GROUP BY 1 ORDER BY requests DESC`,
      params,
    ),
  ]);
  return { days: series.rows, byEndpoint: endpoints.rows, byModel: models.rows };
}
