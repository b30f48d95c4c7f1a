import type Stripe from "stripe";
import { type EventRefs, idOf } from "../refs";

/** A paid Checkout: its subscription is synced now (the subscription events may come later). */
export function checkoutSessionCompleted(
  event: Stripe.CheckoutSessionCompletedEvent,
): EventRefs | null {
  const session = event.data.object;
  if (session.mode !== "subscription") return null;
  return {
    customerId: idOf(session.customer),
    subscriptionId: idOf(session.subscription),
    invoiceId: idOf(session.invoice),
    accountHint: session.client_reference_id ?? session.metadata?.account_id ?? null,
  };
}
