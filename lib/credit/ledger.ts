import { type Actor, writeAudit } from "@/lib/audit/record";
import type { LedgerKind, Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/services";

export interface NewEntry {
  accountId: string;
  kind: LedgerKind;
  /** Signed micros: credits positive, debits negative. */
  amountMicros: number | bigint;
  /** One fact, one key: appending the same key again changes nothing. */
  idempotencyKey: string;
  reference?: string | null;
  keyId?: string | null;
  requestId?: string | null;
  actor: Actor;
  note?: string | null;
}

/** Appends the entry unless its idempotency key is already there; true when it was added. */
export async function appendEntry(tx: Prisma.TransactionClient, entry: NewEntry): Promise<boolean> {
  const { count } = await tx.ledgerEntry.createMany({
    data: [
      {
        accountId: entry.accountId,
        kind: entry.kind,
        amountMicros: BigInt(entry.amountMicros),
        idempotencyKey: entry.idempotencyKey,
        reference: entry.reference ?? null,
        keyId: entry.keyId ?? null,
        requestId: entry.requestId ?? null,
        actorType: entry.actor.type,
        actorId: entry.actor.id ?? null,
        note: entry.note ?? null,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

function positive(micros: number | bigint, what: string): bigint {
  const value = BigInt(micros);
  if (value <= 0n) throw new RangeError(`${what} must be a positive amount of micros`);
  return value;
}

const STRIPE: Actor = { type: "system", id: "stripe" };

/**
 * Credit a paid top-up, exactly once per payment (the verified webhook may arrive twice, or
 * after a retry): keyed topup:<paymentId>. True when this call credited it.
 */
export async function creditTopUp(input: {
  accountId: string;
  amountMicros: number | bigint;
  /** The Stripe PaymentIntent (or charge) id. */
  paymentId: string;
  reference?: string | null;
  actor?: Actor;
}): Promise<boolean> {
  const amount = positive(input.amountMicros, "A top-up");
  return db().$transaction((tx) =>
    appendEntry(tx, {
      accountId: input.accountId,
      kind: "topup",
      amountMicros: amount,
      idempotencyKey: `topup:${input.paymentId}`,
      reference: input.reference ?? input.paymentId,
      actor: input.actor ?? STRIPE,
    }),
  );
}

/**
 * Take back a refunded top-up (whole or part), once per refund: keyed topup-refund:<refundId>.
 * Never more than the payment credited minus what earlier refunds took back; the balance may go
 * below zero when the credit was already spent (the customer owes it).
 */
export async function reverseTopUp(input: {
  accountId: string;
  amountMicros: number | bigint;
  paymentId: string;
  refundId: string;
  actor?: Actor;
}): Promise<boolean> {
  const amount = positive(input.amountMicros, "A refund");
  return db().$transaction(async (tx) => {
    const rows = await tx.ledgerEntry.findMany({
      where: {
        accountId: input.accountId,
        reference: input.paymentId,
        kind: { in: ["topup", "refund"] },
      },
      select: { kind: true, amountMicros: true, idempotencyKey: true },
    });
    const key = `topup-refund:${input.refundId}`;
    if (rows.some((row) => row.idempotencyKey === key)) return false;
    const left = rows.reduce((sum, row) => sum + row.amountMicros, 0n);
    if (!rows.some((row) => row.kind === "topup") || amount > left) {
      throw new RangeError("A refund cannot take back more than its top-up credited");
    }
    return appendEntry(tx, {
      accountId: input.accountId,
      kind: "refund",
      amountMicros: -amount,
      idempotencyKey: key,
      reference: input.paymentId,
      actor: input.actor ?? STRIPE,
      note: `refund ${input.refundId}`,
    });
  });
}

/**
 * An admin's grant of free credit, recorded in the audit log in the same transaction.
 * `idempotencyKey` (e.g. one per form submission) makes a double submit grant once.
 */
export async function grantCredit(input: {
  accountId: string;
  amountMicros: number | bigint;
  note: string;
  actor: Actor;
  idempotencyKey: string;
}): Promise<boolean> {
  const amount = positive(input.amountMicros, "A grant");
  return db().$transaction(async (tx) => {
    const added = await appendEntry(tx, {
      accountId: input.accountId,
      kind: "grant",
      amountMicros: amount,
      idempotencyKey: `grant:${input.idempotencyKey}`,
      actor: input.actor,
      note: input.note,
    });
    if (added) {
      await writeAudit(tx, input.actor, {
        action: "credit.grant",
        accountId: input.accountId,
        target: input.accountId,
        details: { amountMicros: amount.toString(), note: input.note },
      });
    }
    return added;
  });
}
