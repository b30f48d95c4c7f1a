import type Stripe from "stripe";
import { type LedgerPayment, ledgerPayments, ledgerTotals } from "@/lib/credit/totals";
import { pool } from "@/lib/services";
import { debitMismatches, debitTotals } from "@/lib/usage/debit-check";
import { type StripeCreditPayment, stripeCreditPayments } from "./stripe-payments";

export type MismatchKind =
  | "balance"
  | "sign"
  | "usage-debit"
  | "topup-not-credited"
  | "topup-without-payment"
  | "topup-amount"
  | "refund-not-reversed"
  | "reversal-without-refund"
  | "refund-amount";

export interface Mismatch {
  kind: MismatchKind;
  /** The request, payment or refund it is about. */
  reference: string | null;
  /** What our records say against what they should equal (micros), when amounts. */
  ledgerMicros: bigint | null;
  expectedMicros: bigint | null;
  detail: string;
}

/** One account: ledger = usage events' costs = Stripe payments, and where it is not. */
export interface AccountReconciliation {
  accountId: string;
  name: string;
  balanceMicros: bigint;
  /** Σ of the per-kind sums: equals the balance. */
  byKindSumMicros: bigint;
  usageDebitsMicros: bigint;
  usageEventCostMicros: bigint;
  topupsMicros: bigint;
  refundsMicros: bigint;
  stripePaidMicros: bigint;
  stripeRefundedMicros: bigint;
  mismatches: Mismatch[];
}

export interface Reconciliation {
  checkedAt: Date;
  accounts: AccountReconciliation[];
  /** Accounts with at least one mismatch (they come first in `accounts`). */
  mismatched: number;
}

function blank(accountId: string): AccountReconciliation {
  return {
    accountId,
    name: "",
    balanceMicros: 0n,
    byKindSumMicros: 0n,
    usageDebitsMicros: 0n,
    usageEventCostMicros: 0n,
    topupsMicros: 0n,
    refundsMicros: 0n,
    stripePaidMicros: 0n,
    stripeRefundedMicros: 0n,
    mismatches: [],
  };
}

/** Our ledger's credited payments against Stripe's, payment by payment and refund by refund. */
function comparePayments(
  account: AccountReconciliation,
  ours: LedgerPayment | undefined,
  theirs: StripeCreditPayment | undefined,
  paymentId: string,
): void {
  const add = (
    kind: MismatchKind,
    reference: string,
    ledger: bigint | null,
    expected: bigint | null,
    detail: string,
  ) =>
    account.mismatches.push({
      kind,
      reference,
      ledgerMicros: ledger,
      expectedMicros: expected,
      detail,
    });
  if (theirs) {
    account.stripePaidMicros += theirs.receivedMicros;
    for (const micros of theirs.refunds.values()) account.stripeRefundedMicros += micros;
  }
  if (!theirs) {
    add(
      "topup-without-payment",
      paymentId,
      ours?.creditedMicros ?? 0n,
      0n,
      "credited, but Stripe has no succeeded credit payment of this account",
    );
    return;
  }
  if (!ours || ours.creditedMicros === 0n) {
    add(
      "topup-not-credited",
      paymentId,
      0n,
      theirs.receivedMicros,
      "paid in Stripe, never credited",
    );
  } else if (ours.creditedMicros !== theirs.receivedMicros) {
    add(
      "topup-amount",
      paymentId,
      ours.creditedMicros,
      theirs.receivedMicros,
      "credited a different amount than Stripe received",
    );
  }
  const reversed = ours?.refunds ?? new Map<string, bigint>();
  for (const [refundId, micros] of theirs.refunds) {
    const taken = reversed.get(refundId);
    if (taken === undefined)
      add("refund-not-reversed", refundId, 0n, micros, "refunded in Stripe, not taken back");
    else if (taken !== micros)
      add("refund-amount", refundId, taken, micros, "took back a different amount than refunded");
  }
  for (const [refundId, taken] of reversed)
    if (!theirs.refunds.has(refundId))
      add(
        "reversal-without-refund",
        refundId,
        taken,
        0n,
        "taken back, but Stripe has no such succeeded refund",
      );
}

/**
 * Per account: the balance against the sum of its entries by kind (and each entry's sign), the
 * usage debits against the cost_micros of the events they charged, and the credited top-ups and
 * refunds against Stripe's succeeded credit payments and refunds. Accounts with mismatches first.
 */
export async function reconcile(stripe: Stripe): Promise<Reconciliation> {
  const [totals, debits, badDebits, ours, theirs, customers] = await Promise.all([
    ledgerTotals(),
    debitTotals(),
    debitMismatches(),
    ledgerPayments(),
    stripeCreditPayments(stripe),
    pool().query<{ id: string; name: string; stripe_customer_id: string | null }>(
      `SELECT id, name, stripe_customer_id FROM accounts
        WHERE stripe_customer_id IS NOT NULL OR id IN (SELECT DISTINCT account_id FROM ledger_entries)`,
    ),
  ]);
  const accounts = new Map<string, AccountReconciliation>();
  const of = (id: string) => {
    const found = accounts.get(id) ?? blank(id);
    accounts.set(id, found);
    return found;
  };
  const byCustomer = new Map<string, string>();
  for (const row of customers.rows) {
    if (row.stripe_customer_id) byCustomer.set(row.stripe_customer_id, row.id);
  }

  for (const total of totals) {
    const account = of(total.accountId);
    account.balanceMicros = total.balanceMicros;
    const kinds = Object.values(total.byKind);
    account.byKindSumMicros = kinds.reduce((sum, kind) => sum + kind.micros, 0n);
    account.topupsMicros = total.byKind.topup?.micros ?? 0n;
    account.refundsMicros = -(total.byKind.refund?.micros ?? 0n);
    if (account.byKindSumMicros !== account.balanceMicros)
      account.mismatches.push({
        kind: "balance",
        reference: null,
        ledgerMicros: account.balanceMicros,
        expectedMicros: account.byKindSumMicros,
        detail: "the balance is not the sum of the entries by kind",
      });
    if (total.wrongSign > 0)
      account.mismatches.push({
        kind: "sign",
        reference: null,
        ledgerMicros: null,
        expectedMicros: null,
        detail: `${total.wrongSign} entries have the wrong sign for their kind`,
      });
  }
  for (const debit of debits) {
    const account = of(debit.accountId);
    account.usageDebitsMicros = debit.debitedMicros;
    account.usageEventCostMicros = debit.eventCostMicros;
  }
  for (const bad of badDebits) {
    const detail =
      bad.eventCostMicros === null
        ? "debited, but no usage event has this request id"
        : bad.eventAccountId !== bad.accountId
          ? `the event belongs to account ${bad.eventAccountId}`
          : "the debit is not the event's cost";
    of(bad.accountId).mismatches.push({
      kind: "usage-debit",
      reference: bad.requestId ?? bad.idempotencyKey,
      ledgerMicros: bad.debitedMicros,
      expectedMicros: bad.eventCostMicros,
      detail,
    });
  }

  const oursByPayment = new Map(ours.map((payment) => [payment.paymentId, payment]));
  const seen = new Set<string>();
  for (const payment of theirs) {
    seen.add(payment.paymentId);
    const accountId = payment.customerId ? byCustomer.get(payment.customerId) : undefined;
    const credited = oursByPayment.get(payment.paymentId);
    const owner = accountId ?? credited?.accountId;
    if (!owner) continue; // A customer Darwaza does not know: nobody's credit.
    comparePayments(
      of(owner),
      credited?.accountId === owner ? credited : undefined,
      payment,
      payment.paymentId,
    );
    if (credited && credited.accountId !== owner)
      comparePayments(of(credited.accountId), credited, undefined, payment.paymentId);
  }
  for (const payment of ours)
    if (!seen.has(payment.paymentId))
      comparePayments(of(payment.accountId), payment, undefined, payment.paymentId);

  for (const row of customers.rows) if (accounts.has(row.id)) of(row.id).name = row.name;
  const list = [...accounts.values()].sort(
    (a, b) =>
      Number(b.mismatches.length > 0) - Number(a.mismatches.length > 0) ||
      a.name.localeCompare(b.name) ||
      a.accountId.localeCompare(b.accountId),
  );
  return {
    checkedAt: new Date(),
    accounts: list,
    mismatched: list.filter((account) => account.mismatches.length > 0).length,
  };
}
