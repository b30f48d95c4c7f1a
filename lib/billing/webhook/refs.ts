import type Stripe from "stripe";

/**
 * What an event points at. Handlers only read ids out of the event: the state itself is fetched
 * from Stripe when the event is processed, so a late or reordered event cannot roll anything back.
 */
export interface EventRefs {
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  /** Our account id, when the object carries it (client_reference_id, metadata.account_id). */
  accountHint: string | null;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

export function subscriptionRefs(sub: Stripe.Subscription): EventRefs {
  return {
    customerId: idOf(sub.customer),
    subscriptionId: sub.id,
    invoiceId: null,
    accountHint: sub.metadata?.account_id ?? null,
  };
}

export function invoiceRefs(invoice: Stripe.Invoice): EventRefs {
  return {
    customerId: idOf(invoice.customer),
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
    invoiceId: invoice.id,
    accountHint: invoice.parent?.subscription_details?.metadata?.account_id ?? null,
  };
}
