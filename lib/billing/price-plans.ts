import type Stripe from "stripe";
import { lookupKeyFor } from "@/lib/plans/lookup-key";
import type { PlanTerms } from "@/lib/plans/plans";
import { type Db, planVersion, planVersionByLookupKey } from "@/lib/plans/store";
import { billingConfig } from "./config";

/** A plan customers can buy through Stripe: self-serve, not archived, with a price above zero. */
export function isSellable(plan: PlanTerms): boolean {
  return (
    plan.selfServe &&
    !plan.archived &&
    plan.monthlyPricePaisa !== null &&
    plan.monthlyPricePaisa > 0 &&
    plan.stripeLookupKey !== null
  );
}

/** What a Stripe price sells: a plan and, when known, the exact version. */
export interface PricePlan {
  plan: string;
  versionId: string | null;
}

/**
 * Which plan version a Stripe price sells: the configured price id (STRIPE_PRICE_STARTER / _PRO:
 * the default plans' first version), else its lookup key, else `metadata.darwaza_plan_version`
 * (a price whose lookup key moved on to a newer one keeps it). Null for a price none of ours.
 */
export async function planOfPrice(
  db: Db,
  price: Pick<Stripe.Price, "id" | "lookup_key" | "metadata">,
): Promise<PricePlan | null> {
  const { priceIds } = billingConfig();
  for (const plan of ["starter", "pro"] as const) {
    if (priceIds[plan] !== price.id) continue;
    const found = await planVersionByLookupKey(db, lookupKeyFor(plan, 1));
    return { plan, versionId: found?.versionId ?? null };
  }
  if (price.lookup_key) {
    const found = await planVersionByLookupKey(db, price.lookup_key);
    if (found) return { plan: found.id, versionId: found.versionId };
  }
  const tagged = price.metadata?.darwaza_plan_version;
  if (tagged) {
    const found = await planVersion(db, tagged);
    if (found) return { plan: found.id, versionId: found.versionId };
  }
  return null;
}
