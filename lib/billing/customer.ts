import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The account's one Stripe customer, created before its first checkout with the account id in its
 * metadata and stored on the account. The caller holds the account's checkout lock, so two
 * requests cannot both create one; a customer left by an attempt that failed before storing its id
 * is found again by metadata (or by the idempotency key within Stripe's 24 hours).
 */
export async function ensureCustomer(
  tx: Prisma.TransactionClient,
  stripe: Stripe,
  account: { id: string; name: string; stripeCustomerId: string | null },
  email: string,
): Promise<string> {
  if (account.stripeCustomerId) return account.stripeCustomerId;
  const query = `metadata['account_id']:'${account.id.replace(/['\\]/g, "")}'`;
  const found = await stripe.customers.search({ query, limit: 1 });
  const customer =
    found.data[0] ??
    (await stripe.customers.create(
      { email, name: account.name, metadata: { account_id: account.id } },
      { idempotencyKey: `darwaza-customer-${account.id}` },
    ));
  await tx.account.update({ where: { id: account.id }, data: { stripeCustomerId: customer.id } });
  return customer.id;
}
