import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/record";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { LockedAccount } from "./account-lock";
import { entitlementOf } from "./entitlement";
import { invoiceRow, planItem, subscriptionRow } from "./mirror";
import { planOfPrice } from "./price-plans";

export interface BillingDeps {
  db: PrismaClient;
  stripe: Stripe;
  now: () => Date;
  graceDays: number;
  /** Tells the gateway an account's plan changed (its cache, every key of the account). */
  invalidate: (accountId: string) => void;
}

export type SyncSource =
  | { kind: "webhook"; eventId: string; eventType: string }
  | { kind: "checkout_return"; sessionId: string }
  | { kind: "sweeper" }
  | { kind: "account_closed" };

export interface PlanChange {
  from: string;
  to: string;
  /** The plan version the account now holds (null: its plan's latest). */
  version: string | null;
  reason: string;
}

/**
 * THE sync: mirror what Stripe says now (subscriptions, invoices) for a locked account, then
 * derive its plan from all its mirrored subscriptions. Every path that moves an account between
 * tiers — each webhook, the checkout return, the grace sweeper — ends here, so they cannot disagree.
 * The account holds the exact plan VERSION its subscription's price sells (by lookup key), so a
 * later edit of the plan leaves it where it is. Enterprise is set by an admin and left alone.
 */
export async function syncAccount(
  tx: Prisma.TransactionClient,
  deps: BillingDeps,
  account: LockedAccount,
  fresh: { subscriptions: Stripe.Subscription[]; invoices: Stripe.Invoice[] },
  source: SyncSource,
): Promise<PlanChange | null> {
  const metered = new Set(
    fresh.subscriptions.flatMap((sub) =>
      sub.items.data
        .filter((item) => item.price.recurring?.usage_type === "metered")
        .map((item) => item.price.id),
    ),
  );
  for (const sub of fresh.subscriptions) {
    const price = planItem(sub)?.price;
    const row = subscriptionRow(sub, account.id, price ? await planOfPrice(tx, price) : null);
    await tx.subscription.upsert({ where: { id: sub.id }, create: row, update: row });
  }
  for (const invoice of fresh.invoices) {
    const row = invoiceRow(invoice, account.id, metered);
    // A usage amount once known stays (the metered item may have left the subscription since).
    const { usageAmount, ...rest } = row;
    await tx.invoice.upsert({
      where: { id: invoice.id },
      create: row,
      update: usageAmount ? row : rest,
    });
  }
  const mirrored = await tx.subscription.findMany({
    where: { accountId: account.id },
    select: {
      status: true,
      plan: true,
      planVersionId: true,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: true,
    },
  });
  const ranks = new Map(
    (
      await tx.plan.findMany({
        where: { id: { in: mirrored.map((sub) => sub.plan) } },
        select: { id: true, rank: true },
      })
    ).map((plan) => [plan.id, plan.rank]),
  );
  const now = deps.now();
  const decided = entitlementOf(
    mirrored.map((sub) => ({ ...sub, rank: ranks.get(sub.plan) ?? 0 })),
    now,
    account.graceUntil,
    deps.graceDays,
  );
  const enterprise = account.plan === "enterprise";
  const plan = enterprise ? account.plan : decided.plan;
  const version = enterprise ? account.planVersionId : decided.planVersionId;
  const graceChanged =
    (decided.graceUntil?.getTime() ?? null) !== (account.graceUntil?.getTime() ?? null);
  const moved = plan !== account.plan || version !== account.planVersionId;
  if (!moved && !graceChanged) return null;
  await tx.account.update({
    where: { id: account.id },
    data: { plan, planVersionId: version, graceUntil: decided.graceUntil },
  });
  if (!moved) return null;
  await writeAudit(
    tx,
    { type: "system", id: "stripe" },
    {
      action: "account.plan_change",
      accountId: account.id,
      target: account.id,
      details: {
        from: account.plan,
        to: plan,
        fromVersion: account.planVersionId,
        toVersion: version,
        reason: decided.reason,
        source,
      },
    },
  );
  return { from: account.plan, to: plan, version, reason: decided.reason };
}
