import type { Pool } from "pg";

/** Totals over usage_daily rows (never raw events: rollups are kept equal to them). */
export interface UsageTotals {
  requests: number;
  billedRequests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costPaisa: number;
}

export interface UsageBreakdown extends UsageTotals {
  endpoint: string;
  model: string;
}

export interface UsageSummary {
  /** Inclusive calendar days (YYYY-MM-DD) in the business time zone. */
  from: string;
  to: string;
  totals: UsageTotals;
  /** The `to` day alone. */
  lastDay: UsageTotals;
  breakdown: UsageBreakdown[];
}

interface Row {
  endpoint: string;
  model: string;
  requests: string;
  billed: string;
  errors: string;
  tokens_in: string;
  tokens_out: string;
  cost: string;
  day_requests: string;
  day_billed: string;
  day_errors: string;
  day_tokens_in: string;
  day_tokens_out: string;
  day_cost: string;
}

const SQL = `
SELECT endpoint, model,
  sum(requests) AS requests, sum(billed_requests) AS billed, sum(errors) AS errors,
  sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_paisa) AS cost,
  coalesce(sum(requests) FILTER (WHERE day = $3::date), 0) AS day_requests,
  coalesce(sum(billed_requests) FILTER (WHERE day = $3::date), 0) AS day_billed,
  coalesce(sum(errors) FILTER (WHERE day = $3::date), 0) AS day_errors,
  coalesce(sum(tokens_in) FILTER (WHERE day = $3::date), 0) AS day_tokens_in,
  coalesce(sum(tokens_out) FILTER (WHERE day = $3::date), 0) AS day_tokens_out,
  coalesce(sum(cost_paisa) FILTER (WHERE day = $3::date), 0) AS day_cost
FROM usage_daily
WHERE account_id = $1 AND day >= $2::date AND day <= $3::date
GROUP BY endpoint, model
ORDER BY endpoint, model`;

function zero(): UsageTotals {
  return { requests: 0, billedRequests: 0, errors: 0, tokensIn: 0, tokensOut: 0, costPaisa: 0 };
}

function add(into: UsageTotals, row: UsageTotals): void {
  into.requests += row.requests;
  into.billedRequests += row.billedRequests;
  into.errors += row.errors;
  into.tokensIn += row.tokensIn;
  into.tokensOut += row.tokensOut;
  into.costPaisa += row.costPaisa;
}

/**
 * An account's usage over [from, to] (calendar days), with the last day on its own and a
 * breakdown by endpoint and model, from the daily rollups. The portal, the admin console and
 * GET /api/v1/usage all read it.
 */
export async function usageSummary(
  pool: Pool,
  accountId: string,
  from: string,
  to: string,
): Promise<UsageSummary> {
  const { rows } = await pool.query<Row>(SQL, [accountId, from, to]);
  const totals = zero();
  const lastDay = zero();
  const breakdown = rows.map((row) => {
    const entry: UsageBreakdown = {
      endpoint: row.endpoint,
      model: row.model,
      requests: Number(row.requests),
      billedRequests: Number(row.billed),
      errors: Number(row.errors),
      tokensIn: Number(row.tokens_in),
      tokensOut: Number(row.tokens_out),
      costPaisa: Number(row.cost),
    };
    add(totals, entry);
    add(lastDay, {
      requests: Number(row.day_requests),
      billedRequests: Number(row.day_billed),
      errors: Number(row.day_errors),
      tokensIn: Number(row.day_tokens_in),
      tokensOut: Number(row.day_tokens_out),
      costPaisa: Number(row.day_cost),
    });
    return entry;
  });
  return { from, to, totals, lastDay, breakdown };
}
