import type { PlanTerms } from "@/lib/plans/plans";

/** A plan version as the admin API shows it (money in paisa, null limits = unlimited). */
export function planJson(plan: PlanTerms) {
  return {
    id: plan.id,
    name: plan.name,
    rank: plan.rank,
    self_serve: plan.selfServe,
    archived: plan.archived,
    version: plan.version,
    version_id: plan.versionId,
    monthly_price_paisa: plan.monthlyPricePaisa,
    limits: plan.limits,
    features: plan.features,
    support: plan.support,
    models: plan.models,
    overage_allowed: plan.overageAllowed,
    stripe_lookup_key: plan.stripeLookupKey,
  };
}
