import type { LedgerKind } from "@/lib/generated/prisma/client";
import { db } from "@/lib/services";

export interface LedgerLine {
  id: string;
  kind: LedgerKind;
  amountMicros: bigint;
  keyId: string | null;
  requestId: string | null;
  reference: string | null;
  note: string | null;
  createdAt: Date;
}

/** An account's balance: the sum of its ledger (micros; may be negative after a refund). */
export async function balanceOf(accountId: string): Promise<bigint> {
  const sum = await db().ledgerEntry.aggregate({
    where: { accountId },
    _sum: { amountMicros: true },
  });
  return sum._sum.amountMicros ?? 0n;
}

/** The account's latest entries, newest first; only ever that account's. */
export async function recentEntries(accountId: string, take = 50): Promise<LedgerLine[]> {
  const rows = await db().ledgerEntry.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "desc" }, { idempotencyKey: "desc" }],
    take,
  });
  return rows.map((row) => ({
    id: row.idempotencyKey,
    kind: row.kind,
    amountMicros: row.amountMicros,
    keyId: row.keyId,
    requestId: row.requestId,
    reference: row.reference,
    note: row.note,
    createdAt: row.createdAt,
  }));
}

/** The usage debited from credit since `since`, in total and per key (positive micros). */
export async function creditSpendSince(
  accountId: string,
  since: Date,
): Promise<{ total: bigint; byKey: Map<string, bigint> }> {
  const rows = await db().ledgerEntry.groupBy({
    by: ["keyId"],
    where: { accountId, kind: "usage", createdAt: { gte: since } },
    _sum: { amountMicros: true },
  });
  const byKey = new Map<string, bigint>();
  let total = 0n;
  for (const row of rows) {
    const spent = -(row._sum.amountMicros ?? 0n);
    total += spent;
    if (row.keyId) byKey.set(row.keyId, spent);
  }
  return { total, byKey };
}
