import Stripe from "stripe";
import type { EventRefs } from "./refs";

function isMissing(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing"
  );
}

async function retrieveOrNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Stripe's current state of what an event points at. Any error but "no such object" is thrown so
 * the webhook answers 5xx and Stripe retries later.
 */
export async function fetchFresh(stripe: Stripe, refs: EventRefs) {
  const subscription = refs.subscriptionId
    ? await retrieveOrNull(() => stripe.subscriptions.retrieve(refs.subscriptionId ?? ""))
    : null;
  const invoice = refs.invoiceId
    ? await retrieveOrNull(() => stripe.invoices.retrieve(refs.invoiceId ?? ""))
    : null;
  return { subscription, invoice };
}
