import type { Reconciliation } from "./reconcile";

/** A reconciliation as JSON: micros as strings (BigInt has no JSON form), mismatched first. */
export function reconciliationJson(result: Reconciliation) {
  const micros = (value: bigint | null) => (value === null ? null : value.toString());
  return {
    checked_at: result.checkedAt.toISOString(),
    mismatched_accounts: result.mismatched,
    accounts: result.accounts.map((account) => ({
      account_id: account.accountId,
      name: account.name,
      balance_micros: micros(account.balanceMicros),
      by_kind_sum_micros: micros(account.byKindSumMicros),
      usage_debits_micros: micros(account.usageDebitsMicros),
      usage_event_cost_micros: micros(account.usageEventCostMicros),
      topups_micros: micros(account.topupsMicros),
      refunds_micros: micros(account.refundsMicros),
      stripe_paid_micros: micros(account.stripePaidMicros),
      stripe_refunded_micros: micros(account.stripeRefundedMicros),
      mismatches: account.mismatches.map((mismatch) => ({
        kind: mismatch.kind,
        reference: mismatch.reference,
        ledger_micros: micros(mismatch.ledgerMicros),
        expected_micros: micros(mismatch.expectedMicros),
        detail: mismatch.detail,
      })),
    })),
  };
}
