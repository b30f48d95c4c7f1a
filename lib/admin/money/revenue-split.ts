import { pool } from "@/lib/services";
import type { MoneyRange } from "./range";

/** Micros per paisa: invoices are in paisa, the ledger in micros. */
const PAISA = 10_000n;

/** Where the money of a range came from, in micro-rupees (integers; rounded only for display). */
export interface RevenueSplit {
  /** Paid subscription invoices (the invoices mirror, by paid_at). */
  subscriptionsMicros: bigint;
  /** Usage charged to prepaid credit (the ledger's usage debits). */
  creditUsageMicros: bigint;
  /** Postpaid usage invoiced through Stripe and paid (the invoices' usage lines). */
  postpaidUsageMicros: bigint;
  /** Top-ups paid (cash in, not revenue until used) and refunded in the range. */
  topupsMicros: bigint;
  refundsMicros: bigint;
  /** Free credit granted by admins in the range (neither cash nor revenue). */
  grantsMicros: bigint;
  /** Earned in the range: subscriptions + usage (credit and postpaid). */
  revenueMicros: bigint;
  /** Cash collected: subscriptions + top-ups − refunds. */
  collectedMicros: bigint;
  /** Prepaid credit not yet used at the range's end: a liability, not MRR. */
  outstandingCreditMicros: bigint;
  /** Accounts whose balance is below zero (a refund after spending): owed to the seller. */
  owedCreditMicros: bigint;
  accountsWithCredit: number;
}

interface SplitRow {
  subscriptions: string;
  postpaid: string;
  usage: string;
  topups: string;
  refunds: string;
  grants: string;
  outstanding: string;
  owed: string;
  holders: number;
}

const SPLIT_SQL = `
WITH paid AS (
  SELECT COALESCE(sum(amount_paid - COALESCE(usage_amount, 0)), 0) AS paisa,
         COALESCE(sum(COALESCE(usage_amount, 0)), 0) AS usage_paisa
    FROM invoices WHERE status = 'paid' AND paid_at >= $1 AND paid_at < $2
), moved AS (
  SELECT COALESCE(sum(-amount_micros) FILTER (WHERE kind = 'usage'), 0) AS usage,
         COALESCE(sum(amount_micros) FILTER (WHERE kind = 'topup'), 0) AS topups,
         COALESCE(sum(-amount_micros) FILTER (WHERE kind = 'refund'), 0) AS refunds,
         COALESCE(sum(amount_micros) FILTER (WHERE kind = 'grant'), 0) AS grants
    FROM ledger_entries WHERE created_at >= $1 AND created_at < $2
), balances AS (
  SELECT account_id, sum(amount_micros) AS balance
    FROM ledger_entries WHERE created_at < $2 GROUP BY account_id
)
SELECT paid.paisa::text AS subscriptions, paid.usage_paisa::text AS postpaid, moved.usage::text, moved.topups::text,
       moved.refunds::text, moved.grants::text,
       (SELECT COALESCE(sum(balance) FILTER (WHERE balance > 0), 0) FROM balances)::text AS outstanding,
       (SELECT COALESCE(-sum(balance) FILTER (WHERE balance < 0), 0) FROM balances)::text AS owed,
       (SELECT count(*) FILTER (WHERE balance > 0) FROM balances)::int AS holders
  FROM paid, moved`;

/** The range's revenue by source and the credit outstanding at its end, from our own records. */
export async function revenueSplit(range: MoneyRange): Promise<RevenueSplit> {
  const { rows } = await pool().query<SplitRow>(SPLIT_SQL, [range.from, range.to]);
  const row = rows[0] as SplitRow;
  const subscriptionsMicros = BigInt(row.subscriptions) * PAISA;
  const creditUsageMicros = BigInt(row.usage);
  const postpaidUsageMicros = BigInt(row.postpaid) * PAISA;
  const topupsMicros = BigInt(row.topups);
  const refundsMicros = BigInt(row.refunds);
  return {
    subscriptionsMicros,
    creditUsageMicros,
    postpaidUsageMicros,
    topupsMicros,
    refundsMicros,
    grantsMicros: BigInt(row.grants),
    revenueMicros: subscriptionsMicros + creditUsageMicros + postpaidUsageMicros,
    collectedMicros: subscriptionsMicros + topupsMicros - refundsMicros,
    outstandingCreditMicros: BigInt(row.outstanding),
    owedCreditMicros: BigInt(row.owed),
    accountsWithCredit: row.holders,
  };
}
