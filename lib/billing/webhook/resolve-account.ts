import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EventRefs } from "./refs";

/**
 * The account an event belongs to: by its Stripe customer (stored before any checkout), else by
 * the account id the objects carry (client_reference_id, metadata.account_id on the subscription
 * or the customer) when that account has no other customer.
 */
export async function resolveAccount(
  db: PrismaClient,
  stripe: Stripe,
  refs: EventRefs,
): Promise<string | null> {
  if (refs.customerId) {
    const byCustomer = await db.account.findUnique({
      where: { stripeCustomerId: refs.customerId },
      select: { id: true },
    });
    if (byCustomer) return byCustomer.id;
  }
  const hints = [refs.accountHint];
  if (refs.customerId) {
    const customer = await stripe.customers.retrieve(refs.customerId);
    if (!customer.deleted) hints.push(customer.metadata.account_id ?? null);
  }
  for (const hint of hints) {
    if (!hint) continue;
    const account = await db.account.findUnique({
      where: { id: hint },
      select: { id: true, stripeCustomerId: true },
    });
    if (
      account &&
      (account.stripeCustomerId === null || account.stripeCustomerId === refs.customerId)
    ) {
      return account.id;
    }
  }
  return null;
}
