import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/record";
import { latestPlan } from "@/lib/plans/store";
import { ensurePlanPrice } from "./catalog";
import { ensureCustomer } from "./customer";
import { overageCatalog } from "./overage/catalog";
import { isSellable } from "./price-plans";
import type { BillingDeps } from "./sync";

export type CheckoutResult =
  | { kind: "checkout"; url: string }
  /** The account already has a subscription: plan changes go through the portal. */
  | { kind: "portal" }
  | { kind: "refused"; message: string };

/** Subscriptions that still exist for the customer; one of these means no second checkout. */
const LIVE = new Set(["active", "trialing", "past_due", "unpaid", "paused", "incomplete"]);

async function hasLiveSubscription(stripe: Stripe, customer: string): Promise<boolean> {
  const subs = await stripe.subscriptions.list({ customer, status: "all", limit: 100 });
  return subs.data.some((sub) => LIVE.has(sub.status));
}

/**
 * Starts a subscription Checkout for the latest version of a plan sold through Stripe (its PKR
 * price, found or created by lookup key), for a Free account. Serialized per account by an
 * advisory lock held for the whole call, so parallel clicks cannot make two customers; any other
 * open Checkout of the customer is expired first, so only one can ever be paid; and an account that
 * already subscribes is sent to the portal instead (checked at Stripe, not in our possibly-late mirror).
 */
export async function startCheckout(
  deps: BillingDeps,
  input: { accountId: string; userId: string; email: string; plan: string; origin: string },
): Promise<CheckoutResult> {
  const plan = await latestPlan(deps.db, input.plan);
  if (!plan || !isSellable(plan))
    return { kind: "refused", message: "That plan cannot be bought online." };
  const price = await ensurePlanPrice(deps.db, deps.stripe, plan);
  // A version that allows overage carries the metered price from the start (billed in arrears).
  const overage = plan.overageAllowed ? (await overageCatalog(deps.stripe)).price : null;
  return deps.db.$transaction(
    async (tx): Promise<CheckoutResult> => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`darwaza.checkout:${input.accountId}`}, 0))`;
      const account = await tx.account.findUnique({
        where: { id: input.accountId },
        select: { id: true, name: true, plan: true, stripeCustomerId: true },
      });
      if (!account) return { kind: "refused", message: "Account not found." };
      if (account.plan === "enterprise") {
        return {
          kind: "refused",
          message: "Enterprise accounts are billed by our team; contact us to change plans.",
        };
      }
      const customer = await ensureCustomer(tx, deps.stripe, account, input.email);
      if (await hasLiveSubscription(deps.stripe, customer)) return { kind: "portal" };
      const open = await deps.stripe.checkout.sessions.list({
        customer,
        status: "open",
        limit: 100,
      });
      for (const session of open.data) {
        await deps.stripe.checkout.sessions.expire(session.id).catch(() => undefined);
      }
      // One of them may have been paid just before it could be expired.
      if (open.data.length > 0 && (await hasLiveSubscription(deps.stripe, customer)))
        return { kind: "portal" };
      const metadata = {
        account_id: account.id,
        plan: plan.id,
        plan_version: plan.versionId ?? "",
      };
      const session = await deps.stripe.checkout.sessions.create({
        mode: "subscription",
        customer,
        client_reference_id: account.id,
        line_items: [{ price: price.id, quantity: 1 }, ...(overage ? [{ price: overage.id }] : [])],
        success_url: `${input.origin}/api/stripe/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${input.origin}/dashboard/billing?checkout=canceled`,
        metadata,
        subscription_data: { metadata },
      });
      await writeAudit(
        tx,
        { type: "user", id: input.userId, email: input.email },
        {
          action: "billing.checkout_started",
          accountId: account.id,
          target: session.id,
          details: { plan: plan.id, version: plan.version },
        },
      );
      if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
      return { kind: "checkout", url: session.url };
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
