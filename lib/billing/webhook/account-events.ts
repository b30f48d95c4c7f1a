import type Stripe from "stripe";
import type { Sql } from "@/lib/webhooks/emit";
import { emitAccountEvent } from "@/lib/webhooks/emit";

/**
 * invoice.paid / invoice.payment_failed for the customer's own alerts (mail and webhooks),
 * written in the transaction that claims the Stripe event, so a redelivery raises none again.
 */
export async function emitInvoiceEvent(
  tx: Sql,
  event: Stripe.Event,
  accountId: string,
  fresh: Stripe.Invoice | null,
): Promise<void> {
  if (event.type !== "invoice.paid" && event.type !== "invoice.payment_failed") return;
  const invoice = fresh ?? event.data.object;
  await emitAccountEvent(
    accountId,
    event.type,
    {
      invoice_id: invoice.id ?? null,
      number: invoice.number ?? null,
      currency: invoice.currency,
      amount_due: invoice.amount_due,
      amount_paid: invoice.amount_paid,
      hosted_invoice_url: invoice.hosted_invoice_url ?? null,
    },
    tx,
  );
}
