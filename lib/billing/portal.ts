import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { catalog } from "./catalog";

/**
 * A Customer Portal session for the account's customer: switch between Starter and Pro, cancel at
 * period end, update the card, see invoices. Null when the account has never had a customer.
 */
export async function portalUrl(
  deps: { db: PrismaClient; stripe: Stripe },
  accountId: string,
  returnUrl: string,
): Promise<string | null> {
  const account = await deps.db.account.findUnique({
    where: { id: accountId },
    select: { stripeCustomerId: true },
  });
  if (!account?.stripeCustomerId) return null;
  const { portalConfiguration } = await catalog(deps.db, deps.stripe);
  const session = await deps.stripe.billingPortal.sessions.create({
    customer: account.stripeCustomerId,
    configuration: portalConfiguration,
    return_url: returnUrl,
  });
  return session.url;
}
