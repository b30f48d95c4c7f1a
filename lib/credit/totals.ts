import type { LedgerKind } from "@/lib/generated/prisma/client";
import { pool } from "@/lib/services";

/** One account's ledger, summed: the balance and each kind's total and count (signed micros). */
export interface LedgerTotals {
  accountId: string;
  balanceMicros: bigint;
  byKind: Partial<Record<LedgerKind, { micros: bigint; entries: number }>>;
  /** Entries whose sign contradicts their kind (a credit kind below zero, a debit above). */
  wrongSign: number;
}

interface Row {
  account_id: string;
  kind: LedgerKind | null;
  micros: string;
  entries: number;
  wrong_sign: number;
}

/**
 * Every account's ledger totals in one pass: GROUPING SETS gives the per-kind rows and the
 * account's own total (kind null), which the reconciliation compares.
 */
export async function ledgerTotals(): Promise<LedgerTotals[]> {
  const { rows } = await pool().query<Row>(
    `SELECT account_id, kind, sum(amount_micros)::text AS micros, count(*)::int AS entries,
            count(*) FILTER (WHERE (kind IN ('topup', 'grant') AND amount_micros <= 0)
                                OR (kind IN ('usage', 'refund', 'expiry') AND amount_micros >= 0))::int
              AS wrong_sign
       FROM ledger_entries
      GROUP BY GROUPING SETS ((account_id, kind), (account_id))`,
  );
  const byAccount = new Map<string, LedgerTotals>();
  for (const row of rows) {
    const totals = byAccount.get(row.account_id) ?? {
      accountId: row.account_id,
      balanceMicros: 0n,
      byKind: {},
      wrongSign: 0,
    };
    if (row.kind === null) {
      totals.balanceMicros = BigInt(row.micros);
      totals.wrongSign = row.wrong_sign;
    } else totals.byKind[row.kind] = { micros: BigInt(row.micros), entries: row.entries };
    byAccount.set(row.account_id, totals);
  }
  return [...byAccount.values()];
}

/** Credited top-ups and their refunds by payment: key topup:<pi> / topup-refund:<refund>. */
export interface LedgerPayment {
  accountId: string;
  /** The PaymentIntent (the entry's reference). */
  paymentId: string;
  creditedMicros: bigint;
  /** Refund id → micros taken back (positive). */
  refunds: Map<string, bigint>;
}

export async function ledgerPayments(): Promise<LedgerPayment[]> {
  const { rows } = await pool().query<{
    account_id: string;
    kind: "topup" | "refund";
    reference: string | null;
    idempotency_key: string;
    amount_micros: string;
  }>(
    `SELECT account_id, kind, reference, idempotency_key, amount_micros::text
       FROM ledger_entries WHERE kind IN ('topup', 'refund')`,
  );
  const byPayment = new Map<string, LedgerPayment>();
  for (const row of rows) {
    const paymentId =
      row.reference ?? row.idempotency_key.replace(/^topup:/, "").replace(/^topup-refund:/, "");
    const key = `${row.account_id}|${paymentId}`;
    const payment = byPayment.get(key) ?? {
      accountId: row.account_id,
      paymentId,
      creditedMicros: 0n,
      refunds: new Map<string, bigint>(),
    };
    if (row.kind === "topup") payment.creditedMicros += BigInt(row.amount_micros);
    else
      payment.refunds.set(
        row.idempotency_key.replace(/^topup-refund:/, ""),
        -BigInt(row.amount_micros),
      );
    byPayment.set(key, payment);
  }
  return [...byPayment.values()];
}
