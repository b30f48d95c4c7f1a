import { PLANS, type PlanId } from "@/lib/plans/plans";

/** What the plan decision needs to know about one mirrored subscription. */
export interface SubscriptionState {
  status: string;
  plan: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date;
}

export interface Entitlement {
  plan: PlanId;
  /** Set while a past_due subscription still carries its plan. */
  graceUntil: Date | null;
  /** Why, for the audit log. */
  reason: string;
}

function paidPlan(plan: string): PlanId {
  return plan === "starter" || plan === "pro" ? plan : "free";
}

/**
 * The plan an account's subscriptions entitle it to at `now` — Stripe's state decides, never the
 * order events arrived in:
 * - active / trialing → its plan (a cancellation at period end keeps it until the period ends);
 * - past_due → its plan until the grace period ends (it starts at the first past_due we see), then Free;
 * - canceled, unpaid, paused, incomplete, incomplete_expired → Free.
 * With several subscriptions the best plan wins.
 */
export function entitlementOf(
  subscriptions: SubscriptionState[],
  now: Date,
  currentGraceUntil: Date | null,
  graceDays: number,
): Entitlement {
  let best: Entitlement = { plan: "free", graceUntil: null, reason: "no active subscription" };
  let graceUntil: Date | null = null;
  for (const sub of subscriptions) {
    let candidate: PlanId = "free";
    let reason = `subscription ${sub.status}`;
    if (sub.status === "active" || sub.status === "trialing") {
      const ended = sub.cancelAtPeriodEnd && sub.currentPeriodEnd.getTime() <= now.getTime();
      candidate = ended ? "free" : paidPlan(sub.plan);
      if (ended) reason = "canceled at period end";
    } else if (sub.status === "past_due") {
      graceUntil = currentGraceUntil ?? new Date(now.getTime() + graceDays * 86_400_000);
      const inGrace = graceUntil.getTime() > now.getTime();
      candidate = inGrace ? paidPlan(sub.plan) : "free";
      reason = inGrace ? "past_due, in grace period" : "past_due, grace period over";
    }
    if (PLANS[candidate].rank > PLANS[best.plan].rank)
      best = { plan: candidate, graceUntil: null, reason };
    else if (best.plan === "free" && candidate === "free") best = { ...best, reason };
  }
  return { ...best, graceUntil };
}
