import type Stripe from "stripe";
import type { BillingDeps } from "../sync";
import { recordFailure, recordIgnored } from "../webhook/event-log";
import { accountOfPayment, applyPayment, applyRefunds, isCreditPayment } from "./payment";

/** What the webhook answers about a credit event (a subset of process-event's outcome). */
export type CreditOutcome =
  | { status: "processed"; accountId: string; change: null }
  | { status: "ignored"; reason: string };

/** An expandable field's id; anything else a (signed but malformed) event carries is none. */
function idOf(value: unknown): string | null {
  if (typeof value === "string") return value || null;
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === "string" && id ? id : null;
}

/**
 * The PaymentIntent a credit event is about, or null when the event is not one (subscription
 * Checkouts and everything else go on to the subscription path). A charge.refunded of any
 * payment is looked at: whether it was credit is read from its PaymentIntent.
 */
export function creditPaymentOf(event: Stripe.Event): string | null {
  // Signed yet malformed (no object): not a credit event; the subscription path answers it.
  if (typeof event.data?.object !== "object" || event.data.object === null) return null;
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      if (session.mode !== "payment" || session.metadata?.purpose !== "topup") return null;
      return idOf(session.payment_intent);
    }
    case "payment_intent.succeeded": {
      const intent = event.data.object;
      return isCreditPayment(intent) ? idOf(intent) : null;
    }
    case "charge.refunded":
      return idOf(event.data.object.payment_intent);
    default:
      return null;
  }
}

async function recordProcessed(deps: BillingDeps, event: Stripe.Event, accountId: string) {
  await deps.db.$executeRaw`
    INSERT INTO stripe_events (id, type, account_id, status, processed_at)
    VALUES (${event.id}, ${event.type}, ${accountId}, 'processed', ${deps.now()})
    ON CONFLICT (id) DO UPDATE
      SET status = 'processed', error = NULL, account_id = EXCLUDED.account_id,
          processed_at = EXCLUDED.processed_at
      WHERE stripe_events.status = 'failed'`;
}

/**
 * A credit event: the PaymentIntent is read from Stripe as it is now (so the events of one
 * payment may come in any order, twice, or late), then credited and its refunds taken back —
 * each once, by its ledger key — and the event is logged. Any failure (PostgreSQL down, Stripe
 * unreachable) throws, so the webhook answers 500 and Stripe delivers again.
 */
export async function processCreditEvent(
  event: Stripe.Event,
  paymentIntentId: string,
  deps: BillingDeps,
): Promise<CreditOutcome> {
  try {
    const intent = await deps.stripe.paymentIntents.retrieve(paymentIntentId);
    if (!isCreditPayment(intent)) {
      await recordIgnored(deps.db, event, "not a credit payment", deps.now());
      return { status: "ignored", reason: "not a credit payment" };
    }
    const accountId = await accountOfPayment(deps.db, intent);
    if (!accountId) {
      const reason = `no account for customer ${idOf(intent.customer) ?? "?"}`;
      await recordIgnored(deps.db, event, reason, deps.now());
      return { status: "ignored", reason };
    }
    if (event.type === "charge.refunded")
      await applyRefunds(deps.db, deps.stripe, accountId, intent);
    else await applyPayment(deps.db, accountId, intent);
    await recordProcessed(deps, event, accountId);
    return { status: "processed", accountId, change: null };
  } catch (error) {
    await recordFailure(deps.db, event, error);
    throw error;
  }
}
