import { db } from "@/lib/services";

/**
 * The Stripe webhook events received, newest first (through the received_at index): what came,
 * whether it was applied, and the error when it was not. With `accountId`, that account's only.
 */
export async function recentStripeEvents(options: { accountId?: string; limit?: number } = {}) {
  return db().stripeEvent.findMany({
    where: options.accountId ? { accountId: options.accountId } : {},
    orderBy: { receivedAt: "desc" },
    take: Math.min(options.limit ?? 100, 500),
  });
}

export type StripeEventRow = Awaited<ReturnType<typeof recentStripeEvents>>[number];
