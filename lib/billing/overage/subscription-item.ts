import type Stripe from "stripe";
import type { BillingDeps } from "../sync";
import { overageCatalog } from "./catalog";

/** Subscriptions that bill: the ones usage can be invoiced on. */
const BILLING = new Set(["active", "trialing", "past_due"]);

function priceIdOf(item: Stripe.SubscriptionItem): string {
  return item.price.id;
}

/**
 * Puts the metered overage price on the customer's billing subscription (no proration: metered
 * items bill in arrears). Idempotent: a subscription that has it is left alone. Returns the
 * subscription id, or null when the customer has none that bills (nothing to invoice on).
 */
export async function ensureOverageItem(
  deps: Pick<BillingDeps, "stripe">,
  customerId: string,
): Promise<string | null> {
  const { price } = await overageCatalog(deps.stripe);
  const subs = await deps.stripe.subscriptions.list({
    customer: customerId,
    status: "all",
    limit: 100,
  });
  const sub = subs.data.find((candidate) => BILLING.has(candidate.status));
  if (!sub) return null;
  if (sub.items.data.some((item) => priceIdOf(item) === price.id)) return sub.id;
  await deps.stripe.subscriptions.update(
    sub.id,
    { items: [{ price: price.id }], proration_behavior: "none" },
    // Two toggles or a toggle and the reporter at once add one item.
    { idempotencyKey: `darwaza-overage-item:${sub.id}:${price.id}` },
  );
  return sub.id;
}
