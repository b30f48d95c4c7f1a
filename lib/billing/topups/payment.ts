import type Stripe from "stripe";
import { creditTopUp, reverseTopUp } from "@/lib/credit/ledger";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { paisaToMicros } from "./amounts";

/** The purposes Darwaza puts in a PaymentIntent's metadata; any other payment is not credit. */
export const CREDIT_PURPOSES = new Set(["topup", "auto_recharge"]);

export function isCreditPayment(intent: Stripe.PaymentIntent): boolean {
  return CREDIT_PURPOSES.has(intent.metadata?.purpose ?? "") && intent.currency === "pkr";
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/**
 * The account a credit payment belongs to: the one whose Stripe customer paid it — and, when the
 * payment names an account (metadata.account_id), only if it names that same one.
 */
export async function accountOfPayment(
  db: PrismaClient,
  intent: Stripe.PaymentIntent,
): Promise<string | null> {
  const customer = idOf(intent.customer);
  if (!customer) return null;
  const account = await db.account.findUnique({
    where: { stripeCustomerId: customer },
    select: { id: true },
  });
  if (!account) return null;
  const named = intent.metadata?.account_id;
  return named && named !== account.id ? null : account.id;
}

/**
 * Credits a succeeded credit payment exactly once (the ledger key is the PaymentIntent id, so
 * both events of one payment, duplicates and the charger's own call credit it once), remembers
 * the card a top-up saved for off-session use, and ends the auto-recharge attempt it paid for.
 * True when this call credited it.
 */
export async function applyPayment(
  db: PrismaClient,
  accountId: string,
  intent: Stripe.PaymentIntent,
): Promise<boolean> {
  if (intent.status !== "succeeded" || !isCreditPayment(intent)) return false;
  const credited = await creditTopUp({
    accountId,
    amountMicros: paisaToMicros(intent.amount_received),
    paymentId: intent.id,
  });
  const method = idOf(intent.payment_method);
  if (method && intent.setup_future_usage === "off_session") {
    const savedAt = new Date(intent.created * 1000);
    // A late event of an older payment does not replace a newer card.
    await db.$executeRaw`
      INSERT INTO auto_recharge (account_id, payment_method_id, card_saved_at, updated_at)
      VALUES (${accountId}, ${method}, ${savedAt}, now())
      ON CONFLICT (account_id) DO UPDATE
        SET payment_method_id = EXCLUDED.payment_method_id, card_saved_at = EXCLUDED.card_saved_at,
            updated_at = now()
        WHERE auto_recharge.card_saved_at IS NULL OR auto_recharge.card_saved_at < EXCLUDED.card_saved_at`;
  }
  const attempt = Number(intent.metadata?.attempt);
  if (intent.metadata?.purpose === "auto_recharge" && Number.isInteger(attempt)) {
    await db.$executeRaw`
      UPDATE auto_recharge
         SET pending_since = NULL, failures = 0, next_attempt_at = NULL, last_error = NULL,
             updated_at = now()
       WHERE account_id = ${accountId} AND attempt_seq = ${attempt} AND pending_since IS NOT NULL`;
  }
  return credited;
}

/**
 * Takes back every succeeded refund of a credit payment, once per refund (whole or partial), as
 * Stripe lists them now: a late or repeated charge.refunded changes nothing more. The top-up is
 * credited first, so a refund event that overtakes the payment's events still ends right.
 */
export async function applyRefunds(
  db: PrismaClient,
  stripe: Stripe,
  accountId: string,
  intent: Stripe.PaymentIntent,
): Promise<number> {
  await applyPayment(db, accountId, intent);
  let reversed = 0;
  for await (const refund of stripe.refunds.list({ payment_intent: intent.id, limit: 100 })) {
    if (refund.status !== "succeeded") continue;
    const added = await reverseTopUp({
      accountId,
      amountMicros: paisaToMicros(refund.amount),
      paymentId: intent.id,
      refundId: refund.id,
    });
    if (added) reversed += 1;
  }
  return reversed;
}
