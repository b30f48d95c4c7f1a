import { writeAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/http/errors";
import { ensureCustomer } from "../customer";
import type { BillingDeps } from "../sync";
import { microsToPaisa } from "./amounts";

/** What a top-up's Checkout and PaymentIntent carry, read back by the webhook. */
export const TOPUP_PURPOSE = "topup";

/**
 * Starts a payment-mode Checkout for `amountMicros` (already validated: Stripe's minimum up to
 * our maximum) on the account's own Stripe customer, saving the card for off-session use (the
 * auto-recharge). Nothing is credited here: the verified webhook credits the PaymentIntent once.
 */
export async function startTopUp(
  deps: BillingDeps,
  input: { accountId: string; userId: string; email: string; amountMicros: number; origin: string },
): Promise<{ url: string; sessionId: string }> {
  const paisa = microsToPaisa(input.amountMicros);
  return deps.db.$transaction(
    async (tx) => {
      // The same lock as the plan checkout: one Stripe customer per account, however many clicks.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`darwaza.checkout:${input.accountId}`}, 0))`;
      const account = await tx.account.findUnique({
        where: { id: input.accountId },
        select: { id: true, name: true, stripeCustomerId: true },
      });
      if (!account) throw notFound("account_not_found", "Account not found.");
      const customer = await ensureCustomer(tx, deps.stripe, account, input.email);
      const metadata = { account_id: account.id, purpose: TOPUP_PURPOSE };
      const session = await deps.stripe.checkout.sessions.create({
        mode: "payment",
        customer,
        client_reference_id: account.id,
        line_items: [
          {
            price_data: {
              currency: "pkr",
              unit_amount: paisa,
              product_data: { name: "Darwaza credit" },
            },
            quantity: 1,
          },
        ],
        payment_intent_data: {
          setup_future_usage: "off_session",
          metadata,
          description: "Darwaza credit top-up",
        },
        metadata,
        success_url: `${input.origin}/dashboard/credit?topup=success`,
        cancel_url: `${input.origin}/dashboard/credit?topup=canceled`,
      });
      await writeAudit(
        tx,
        { type: "user", id: input.userId, email: input.email },
        {
          action: "billing.topup_started",
          accountId: account.id,
          target: session.id,
          details: { amountMicros: String(input.amountMicros) },
        },
      );
      if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
      return { url: session.url, sessionId: session.id };
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
