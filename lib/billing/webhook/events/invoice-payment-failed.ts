import type Stripe from "stripe";
import { type EventRefs, invoiceRefs } from "../refs";

/** A failed payment: the invoice is recorded and the (now past_due) subscription synced, which starts the grace period. */
export function invoicePaymentFailed(event: Stripe.InvoicePaymentFailedEvent): EventRefs {
  return invoiceRefs(event.data.object);
}
