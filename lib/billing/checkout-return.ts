import Stripe from "stripe";
import { lockAccount } from "./account-lock";
import { type BillingDeps, syncAccount } from "./sync";

/**
 * When the customer comes back from a paid Checkout, sync its subscription at once instead of
 * waiting for the webhook, so the dashboard already shows the new plan. Idempotent (a pure sync
 * from Stripe's state); the webhooks still arrive and change nothing further. Returns whether the
 * session was this account's and paid.
 */
export async function syncCheckoutReturn(
  deps: BillingDeps,
  accountId: string,
  sessionId: string,
): Promise<boolean> {
  let session: Stripe.Checkout.Session;
  try {
    session = await deps.stripe.checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return false;
    throw error;
  }
  if (session.status !== "complete" || !session.subscription) return false;
  const subscriptionId =
    typeof session.subscription === "string" ? session.subscription : session.subscription.id;
  const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
  const change = await deps.db.$transaction(
    async (tx) => {
      const account = await lockAccount(tx, accountId);
      // Only the account's own customer's session counts: a session id from elsewhere is ignored.
      if (!account || !customerId || account.stripeCustomerId !== customerId) return undefined;
      const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
      const invoiceId = typeof session.invoice === "string" ? session.invoice : session.invoice?.id;
      const invoices = invoiceId ? [await deps.stripe.invoices.retrieve(invoiceId)] : [];
      return syncAccount(
        tx,
        deps,
        account,
        { subscriptions: [subscription], invoices },
        {
          kind: "checkout_return",
          sessionId,
        },
      );
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (change === undefined) return false;
  if (change) deps.invalidate(accountId);
  return true;
}
