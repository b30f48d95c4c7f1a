import type Stripe from "stripe";
import { lockAccount } from "./account-lock";
import { type BillingDeps, syncAccount } from "./sync";
import { idOf } from "./webhook/refs";

/** Stripe's current copy of the account's unfinished subscriptions; the mirror if Stripe is unreachable. */
async function refresh(deps: BillingDeps, ids: string[]): Promise<Stripe.Subscription[]> {
  try {
    return await Promise.all(ids.map((id) => deps.stripe.subscriptions.retrieve(id)));
  } catch (error) {
    console.warn("Billing sweeper: Stripe unreachable, deciding from the mirror", error);
    return [];
  }
}

/**
 * Moves accounts whose paid time ran out without an event saying so: a past_due subscription past
 * its grace period, or a cancellation at period end whose period is over. Runs every minute in
 * `npm start` (lib/billing/runtime.ts); each account goes through the same locked sync as a webhook.
 * Returns how many accounts changed plan.
 */
export async function sweepBilling(deps: BillingDeps): Promise<number> {
  const now = deps.now();
  const due = await deps.db.account.findMany({
    where: {
      plan: { in: ["starter", "pro"] },
      OR: [
        { graceUntil: { lte: now } },
        {
          subscriptions: {
            some: {
              status: { in: ["active", "trialing"] },
              cancelAtPeriodEnd: true,
              currentPeriodEnd: { lte: now },
            },
          },
        },
      ],
    },
    select: {
      id: true,
      subscriptions: { where: { status: { not: "canceled" } }, select: { id: true } },
    },
  });
  let changed = 0;
  for (const { id, subscriptions } of due) {
    const fresh = await refresh(
      deps,
      subscriptions.map((sub) => sub.id),
    );
    const change = await deps.db.$transaction(
      async (tx) => {
        const account = await lockAccount(tx, id);
        if (!account) return null;
        const own = fresh.filter((sub) => idOf(sub.customer) === account.stripeCustomerId);
        return syncAccount(
          tx,
          deps,
          account,
          { subscriptions: own, invoices: [] },
          { kind: "sweeper" },
        );
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
    if (change) {
      deps.invalidate(id);
      changed += 1;
    }
  }
  return changed;
}
