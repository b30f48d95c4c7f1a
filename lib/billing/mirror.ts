import type Stripe from "stripe";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PricePlan } from "./price-plans";

const fromUnix = (seconds: number): Date => new Date(seconds * 1000);

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** The item billing the plan: the licensed one (a metered overage item bills usage only). */
export function planItem(sub: Stripe.Subscription): Stripe.SubscriptionItem | undefined {
  return sub.items.data.find((item) => item.price.recurring?.usage_type !== "metered");
}

/** The row mirroring a Stripe subscription; `sold` is what its price sells (price-plans.ts). */
export function subscriptionRow(
  sub: Stripe.Subscription,
  accountId: string,
  sold: PricePlan | null,
): Prisma.SubscriptionUncheckedCreateInput {
  const item = planItem(sub);
  const price = item?.price;
  return {
    id: sub.id,
    accountId,
    customerId: idOf(sub.customer) ?? "",
    status: sub.status,
    plan: sold?.plan ?? "unknown",
    planVersionId: sold?.versionId ?? null,
    priceId: price?.id ?? "",
    amountPaisa: (price?.unit_amount ?? 0) * (item?.quantity ?? 1),
    currency: price?.currency ?? sub.currency,
    // Since API version 2025-03-31 the billing period is on the items.
    currentPeriodStart: fromUnix(item?.current_period_start ?? sub.start_date),
    currentPeriodEnd: fromUnix(item?.current_period_end ?? sub.start_date),
    // The portal may schedule the end with cancel_at rather than cancel_at_period_end.
    cancelAtPeriodEnd: sub.cancel_at_period_end || sub.cancel_at !== null,
    canceledAt: sub.canceled_at ? fromUnix(sub.canceled_at) : null,
    // When it started at Stripe, not when we first heard of it (the revenue view counts starts).
    createdAt: fromUnix(sub.created),
  };
}

/** The subscription an invoice bills (under `parent` since API version 2025-03-31). */
export function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/**
 * The row recording an invoice: amounts in the currency's minor unit (paisa for PKR).
 * `meteredPrices` names the metered prices: their lines are the invoice's usage amount.
 */
export function invoiceRow(
  invoice: Stripe.Invoice,
  accountId: string,
  meteredPrices: ReadonlySet<string> = new Set(),
): Prisma.InvoiceUncheckedCreateInput {
  // The service period is on the lines; a first invoice's own period is just its creation instant.
  const line = invoice.lines.data[0];
  const paidAt = invoice.status_transitions.paid_at;
  return {
    id: invoice.id,
    accountId,
    subscriptionId: subscriptionOfInvoice(invoice),
    number: invoice.number,
    status: invoice.status ?? "draft",
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    periodStart: fromUnix(line?.period.start ?? invoice.period_start),
    periodEnd: fromUnix(line?.period.end ?? invoice.period_end),
    paidAt: paidAt ? fromUnix(paidAt) : null,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    usageAmount: invoice.lines.data
      .filter((l) => meteredPrices.has(String(l.pricing?.price_details?.price ?? "")))
      .reduce((sum, l) => sum + l.amount, 0),
    createdAt: fromUnix(invoice.created),
  };
}
