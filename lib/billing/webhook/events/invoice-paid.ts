import type Stripe from "stripe";
import { type EventRefs, invoiceRefs } from "../refs";

/** A paid invoice: recorded (revenue, invoice history) and its subscription synced (past_due → active). */
export function invoicePaid(event: Stripe.InvoicePaidEvent): EventRefs {
  return invoiceRefs(event.data.object);
}
