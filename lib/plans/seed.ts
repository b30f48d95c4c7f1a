import type { Prisma } from "@/lib/generated/prisma/client";
import { lookupKeyFor } from "./lookup-key";
import { PLAN_LIST } from "./plans";
import type { Db } from "./store";

/** The id of a default plan's first version: fixed, so concurrent first starts insert it once. */
export function defaultVersionId(planId: string): string {
  return `plv_${planId}_1`;
}

/**
 * The four default plans as version 1, at first start. Idempotent and race-free (fixed ids,
 * ON CONFLICT DO NOTHING): a later start, or a plan an admin has edited or archived since, is
 * left exactly as it is. Returns how many plans it created.
 */
export async function seedDefaultPlans(db: Db): Promise<number> {
  const created = await db.plan.createMany({
    data: PLAN_LIST.map((plan) => ({
      id: plan.id,
      name: plan.name,
      rank: plan.rank,
      selfServe: plan.selfServe,
    })),
    skipDuplicates: true,
  });
  const versions: Prisma.PlanVersionCreateManyInput[] = PLAN_LIST.map((plan) => ({
    id: defaultVersionId(plan.id),
    planId: plan.id,
    version: 1,
    monthlyPricePaisa: plan.monthlyPricePaisa,
    limitRpm: plan.limits.requestsPerMinute,
    limitRpd: plan.limits.requestsPerDay,
    limitTpd: plan.limits.tokensPerDay,
    limitMaxTokens: plan.limits.maxTokensPerRequest,
    features: [...plan.features],
    support: plan.support,
    overageAllowed: plan.overageAllowed,
    stripeLookupKey: plan.stripeLookupKey ? lookupKeyFor(plan.id, 1) : null,
    createdBy: "seed",
  }));
  await db.planVersion.createMany({ data: versions, skipDuplicates: true });
  return created.count;
}
