import { pool } from "@/lib/services";

export interface RollupTotals {
  requests: number;
  /** Requests recorded but never billed: free reads (/models, /usage), refused or failed calls. */
  unbilledRequests: number;
  tokensIn: number;
  tokensOut: number;
  costPaisa: number;
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
): Promise<RollupTotals> {
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
