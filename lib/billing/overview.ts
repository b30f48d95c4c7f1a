import type { PlanTerms } from "@/lib/plans/plans";
import { accountPlan, listPlans } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { billingConfig } from "./config";

export interface BillingSubscription {
  id: string;
  status: string;
  plan: string;
  amountPaisa: number;
  currency: string;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
}

export interface BillingInvoice {
  id: string;
  number: string | null;
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: Date;
  paidAt: Date | null;
  periodStart: Date;
  periodEnd: Date;
  hostedUrl: string | null;
  /** The part billed for postpaid usage (its metered line), in the minor unit. */
  usageAmount: number;
}

export interface BillingOverview {
  /** The plan version the account is held to. */
  plan: PlanTerms;
  /** The plans on sale now (latest versions), for the plan cards. */
  plans: PlanTerms[];
  graceUntil: Date | null;
  hasCustomer: boolean;
  /** The subscription that decides the plan (most recent that has not ended), if any. */
  subscription: BillingSubscription | null;
  invoices: BillingInvoice[];
  mode: "stripe" | "emulator";
  testMode: boolean;
  salesEmail: string | null;
}

const ENDED = ["canceled", "incomplete_expired"];

/** Everything the billing page shows, for one account, from the mirror (no Stripe call). */
export async function billingOverview(accountId: string): Promise<BillingOverview> {
  const [account, subscription, invoices, plan, plans] = await Promise.all([
    db().account.findUniqueOrThrow({
      where: { id: accountId },
      select: { plan: true, graceUntil: true, stripeCustomerId: true },
    }),
    db().subscription.findFirst({
      where: { accountId, status: { notIn: ENDED } },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        status: true,
        plan: true,
        amountPaisa: true,
        currency: true,
        currentPeriodEnd: true,
        cancelAtPeriodEnd: true,
      },
    }),
    db().invoice.findMany({
      where: { accountId, status: { in: ["paid", "open", "uncollectible"] } },
      orderBy: { createdAt: "desc" },
      take: 24,
      select: {
        id: true,
        number: true,
        status: true,
        amountDue: true,
        amountPaid: true,
        currency: true,
        createdAt: true,
        paidAt: true,
        periodStart: true,
        periodEnd: true,
        hostedUrl: true,
        usageAmount: true,
      },
    }),
    accountPlan(db(), accountId),
    listPlans(db()),
  ]);
  const config = billingConfig();
  return {
    plan,
    plans,
    graceUntil: account.graceUntil,
    hasCustomer: account.stripeCustomerId !== null,
    subscription,
    invoices,
    mode: config.mode,
    testMode: config.testMode,
    salesEmail: config.salesEmail,
  };
}
