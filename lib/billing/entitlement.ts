/** What the plan decision needs to know about one mirrored subscription. */
export interface SubscriptionState {
  status: string;
  plan: string;
  /** The plan version its price sells; null when unknown (the plan's latest then applies). */
  planVersionId?: string | null;
  /** The plan's rank: with several subscriptions the higher wins. */
  rank?: number;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date;
}

export interface Entitlement {
  plan: string;
  planVersionId: string | null;
  /** Set while a past_due subscription still carries its plan. */
  graceUntil: Date | null;
  /** Why, for the audit log. */
  reason: string;
}

/** Plans a subscription can carry: any of ours but Free, Enterprise (set by admins) and unknown. */
function paidPlan(plan: string): string {
  return plan === "unknown" || plan === "enterprise" ? "free" : plan;
}

interface Candidate {
  plan: string;
  planVersionId: string | null;
  rank: number;
}

/** A paid plan beats Free whatever its rank; between paid plans the higher rank wins. */
function better(candidate: Candidate, best: Candidate): boolean {
  if (candidate.plan === "free") return false;
  return best.plan === "free" || candidate.rank > best.rank;
}

/**
 * The plan (and version) an account's subscriptions entitle it to at `now` — Stripe's state
 * decides, never the order events arrived in:
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
  let best: Entitlement & { rank: number } = {
    plan: "free",
    planVersionId: null,
    rank: 0,
    graceUntil: null,
    reason: "no active subscription",
  };
  let graceUntil: Date | null = null;
  for (const sub of subscriptions) {
    let plan = "free";
    let reason = `subscription ${sub.status}`;
    if (sub.status === "active" || sub.status === "trialing") {
      const ended = sub.cancelAtPeriodEnd && sub.currentPeriodEnd.getTime() <= now.getTime();
      plan = ended ? "free" : paidPlan(sub.plan);
      if (ended) reason = "canceled at period end";
    } else if (sub.status === "past_due") {
      graceUntil = currentGraceUntil ?? new Date(now.getTime() + graceDays * 86_400_000);
      const inGrace = graceUntil.getTime() > now.getTime();
      plan = inGrace ? paidPlan(sub.plan) : "free";
      reason = inGrace ? "past_due, in grace period" : "past_due, grace period over";
    }
    const candidate = {
      plan,
      planVersionId: plan === "free" ? null : (sub.planVersionId ?? null),
      rank: sub.rank ?? 0,
    };
    if (better(candidate, best)) best = { ...candidate, graceUntil: null, reason };
    else if (best.plan === "free" && plan === "free") best = { ...best, reason };
  }
  const { rank: _rank, ...decided } = best;
  return { ...decided, graceUntil };
}
