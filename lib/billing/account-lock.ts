import type { Prisma } from "@/lib/generated/prisma/client";

export interface LockedAccount {
  id: string;
  plan: string;
  planVersionId: string | null;
  graceUntil: Date | null;
  stripeCustomerId: string | null;
}

/**
 * Locks the account row for the rest of the transaction: webhooks, the sweeper and checkout
 * returns for one account run one at a time, so none decides on state another is changing.
 */
export async function lockAccount(
  tx: Prisma.TransactionClient,
  accountId: string,
): Promise<LockedAccount | null> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      plan: string;
      plan_version_id: string | null;
      grace_until: Date | null;
      stripe_customer_id: string | null;
    }[]
  >`SELECT id, plan, plan_version_id, grace_until, stripe_customer_id
      FROM accounts WHERE id = ${accountId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    plan: row.plan,
    planVersionId: row.plan_version_id,
    graceUntil: row.grace_until,
    stripeCustomerId: row.stripe_customer_id,
  };
}
