import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { latestPlan } from "@/lib/plans/store";
import { ensurePlanPrice } from "./catalog";
import { planItem } from "./mirror";
import { isSellable } from "./price-plans";

const BILLED = ["active", "trialing", "past_due"];

/**
 * Moves the Stripe subscriptions of a plan's older versions to its latest version's price, from
 * their next renewal (no proration), so Stripe bills what the gateway now holds them to and the
 * webhook sync agrees. Returns how many moved and how many Stripe refused (left as they were).
 */
export async function moveStripeSubscriptions(
  deps: { db: PrismaClient; stripe: Stripe },
  planId: string,
): Promise<{ moved: number; failed: number }> {
  const latest = await latestPlan(deps.db, planId);
  if (!latest || !isSellable(latest)) return { moved: 0, failed: 0 };
  const price = await ensurePlanPrice(deps.db, deps.stripe, latest);
  const subs = await deps.db.subscription.findMany({
    where: {
      plan: planId,
      status: { in: BILLED },
      OR: [{ planVersionId: null }, { planVersionId: { not: latest.versionId } }],
      priceId: { not: price.id },
    },
    select: { id: true },
  });
  let moved = 0;
  let failed = 0;
  for (const { id } of subs) {
    try {
      const sub = await deps.stripe.subscriptions.retrieve(id);
      const item = planItem(sub);
      if (!item || item.price.id === price.id) continue;
      await deps.stripe.subscriptions.update(id, {
        items: [{ id: item.id, price: price.id }],
        proration_behavior: "none",
      });
      moved++;
    } catch {
      failed++;
    }
  }
  return { moved, failed };
}
