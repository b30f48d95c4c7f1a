import type Stripe from "stripe";
import { PLANS, type PlanId } from "@/lib/plans/plans";
import { billingConfig } from "./config";

/** The plans customers buy through Stripe (Starter and Pro), read from the plans module. */
export type PaidPlanId = Extract<PlanId, "starter" | "pro">;
export const PAID_PLANS: readonly PaidPlanId[] = ["starter", "pro"];

export function isPaidPlan(value: string): value is PaidPlanId {
  return (PAID_PLANS as readonly string[]).includes(value);
}

export function lookupKeyOf(plan: PaidPlanId): string {
  const key = PLANS[plan].stripeLookupKey;
  if (!key) throw new Error(`Plan ${plan} has no Stripe lookup key`);
  return key;
}

/**
 * Which plan a Stripe price sells: the configured price id (STRIPE_PRICE_*), else the lookup key
 * from the plans module, else `metadata.darwaza_plan`. Null for a price that is none of ours.
 */
export function planOfPrice(
  price: Pick<Stripe.Price, "id" | "lookup_key" | "metadata">,
): PaidPlanId | null {
  const { priceIds } = billingConfig();
  for (const plan of PAID_PLANS) {
    if (priceIds[plan] === price.id) return plan;
  }
  for (const plan of PAID_PLANS) {
    if (price.lookup_key && price.lookup_key === PLANS[plan].stripeLookupKey) return plan;
  }
  const tagged = price.metadata?.darwaza_plan;
  return tagged && isPaidPlan(tagged) ? tagged : null;
}
