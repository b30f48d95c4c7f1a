import { testCard } from "./cards";
import type { EmulatorContext } from "./context";
import { invalidRequest } from "./errors";
import { type EventOrigin, emitEvent, previousAttributes } from "./events";
import { lineAmount } from "./money";
import type { InvoiceLineRecord, InvoiceRecord, PriceRecord, SubscriptionRecord } from "./records";
import { renderInvoice } from "./resources/invoice-object";
import { aggregate } from "./resources/meters";
import { findPrice } from "./resources/prices";
import { renderSubscription } from "./resources/subscription-object";

/**
 * What Stripe Billing does behind the API: opening a subscription with its first paid invoice,
 * renewing or failing to renew it at the end of a period, changing and ending it — and the events
 * each of these sends, in Stripe's order (the emulator's deliveries may still arrive in any order,
 * as Stripe's do).
 */

const DAY = 86_400;

/** Calendar arithmetic as Stripe bills: the 31st renews on the last day of shorter months. */
export function addInterval(start: number, interval: string, count: number): number {
  if (interval === "day") return start + count * DAY;
  if (interval === "week") return start + count * 7 * DAY;
  const date = new Date(start * 1000);
  const months = interval === "year" ? 12 * count : count;
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

export function recurringPrice(ctx: EmulatorContext, id: string, param: string): PriceRecord {
  const price = findPrice(ctx.state, id, param);
  if (!price.recurring) {
    throw invalidRequest(
      `The price specified (${id}) is not a recurring price; subscriptions need recurring prices.`,
      param,
    );
  }
  if (!price.active) throw invalidRequest(`The price specified (${id}) is inactive.`, param);
  return price;
}

export function isMetered(price: PriceRecord): boolean {
  return price.recurring?.usageType === "metered";
}

function periodEnd(ctx: EmulatorContext, sub: SubscriptionRecord, start: number): number {
  const price = findPrice(ctx.state, sub.items[0]?.price ?? "");
  return addInterval(
    start,
    price.recurring?.interval ?? "month",
    price.recurring?.intervalCount ?? 1,
  );
}

/** The period that just ended; usage is counted from `from` (ties at a cut go to the earlier). */
interface UsageWindow {
  periodStart: number;
  from: number;
  through: number;
}

/**
 * Licensed items are billed in advance for the period starting now; metered items in arrears, for
 * the usage their meter aggregated over the period that just ended (nothing on the first invoice).
 */
function invoiceLines(
  ctx: EmulatorContext,
  sub: SubscriptionRecord,
  usage: UsageWindow | null,
): InvoiceLineRecord[] {
  const { state } = ctx;
  const lines: InvoiceLineRecord[] = [];
  for (const item of sub.items) {
    const price = findPrice(state, item.price);
    const product = state.data.products[price.product];
    const name = product?.name ?? "Subscription";
    if (!isMetered(price)) {
      lines.push({
        id: state.newId("il"),
        price: price.id,
        subscriptionItem: item.id,
        quantity: item.quantity,
        amount: lineAmount(price.unitAmountDecimal, item.quantity),
        description: `${item.quantity} × ${name}`,
        periodStart: sub.currentPeriodStart,
        periodEnd: sub.currentPeriodEnd,
      });
      continue;
    }
    const meter = price.recurring?.meter ? state.data.meters[price.recurring.meter] : undefined;
    if (!usage || !meter) continue;
    const from = Math.max(usage.from, item.created);
    const quantity = aggregate(state, meter, sub.customer, from, usage.through + 1);
    lines.push({
      id: state.newId("il"),
      price: price.id,
      subscriptionItem: item.id,
      quantity: Number(quantity),
      amount: lineAmount(price.unitAmountDecimal, quantity),
      unitAmountDecimal: price.unitAmountDecimal,
      description: `${quantity} × ${name} (usage)`,
      periodStart: usage.periodStart,
      periodEnd: usage.through,
    });
  }
  return lines;
}

function issueInvoice(
  ctx: EmulatorContext,
  sub: SubscriptionRecord,
  reason: InvoiceRecord["billingReason"],
  paid: boolean,
  usage: UsageWindow | null = null,
): InvoiceRecord {
  const { state } = ctx;
  const now = state.now();
  const customer = state.data.customers[sub.customer];
  const lines = invoiceLines(ctx, sub, usage);
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const id = state.newId("in");
  const invoice: InvoiceRecord = {
    id,
    created: now,
    customer: sub.customer,
    subscription: sub.id,
    number: state.nextInvoiceNumber(customer?.invoicePrefix ?? "EMU"),
    status: paid ? "paid" : "open",
    billingReason: reason,
    currency: findPrice(state, sub.items[0]?.price ?? "").currency,
    lines,
    amountDue: total,
    amountPaid: paid ? total : 0,
    attemptCount: 1,
    finalizedAt: now,
    paidAt: paid ? now : null,
    // Stripe's first invoice covers an instant; cycle invoices name the period just ended.
    periodStart:
      usage?.periodStart ?? (reason === "subscription_create" ? now : sub.currentPeriodStart),
    periodEnd: now,
    nextPaymentAttempt: paid ? null : now + 3 * DAY,
  };
  state.data.invoices[id] = invoice;
  sub.latestInvoice = id;
  return invoice;
}

function emitInvoiceEvents(
  ctx: EmulatorContext,
  origin: EventOrigin,
  invoice: InvoiceRecord,
): void {
  emitEvent(ctx, "invoice.created", renderInvoice(ctx, invoice), origin);
  emitEvent(ctx, "invoice.finalized", renderInvoice(ctx, invoice), origin);
  if (invoice.status === "paid") {
    emitEvent(ctx, "invoice.paid", renderInvoice(ctx, invoice), origin);
    emitEvent(ctx, "invoice.payment_succeeded", renderInvoice(ctx, invoice), origin);
  } else {
    emitEvent(ctx, "invoice.payment_failed", renderInvoice(ctx, invoice), origin);
  }
}

/** A paid Checkout: the subscription starts active with its first invoice paid. */
export function openSubscription(
  ctx: EmulatorContext,
  origin: EventOrigin,
  input: {
    customer: string;
    items: { price: string; quantity: number }[];
    metadata: Record<string, string>;
    defaultPaymentMethod?: string | null;
  },
): { subscription: SubscriptionRecord; invoice: InvoiceRecord } {
  const { state } = ctx;
  const now = state.now();
  const id = state.newId("sub");
  const sub: SubscriptionRecord = {
    id,
    created: now,
    customer: input.customer,
    status: "active",
    items: input.items.map((item) => ({ id: state.newId("si", 14), created: now, ...item })),
    currentPeriodStart: now,
    currentPeriodEnd: now,
    billingCycleAnchor: now,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    cancellationReason: null,
    latestInvoice: null,
    metadata: input.metadata,
    startDate: now,
    defaultPaymentMethod: input.defaultPaymentMethod ?? null,
    usageStart: now,
  };
  sub.currentPeriodEnd = periodEnd(ctx, sub, now);
  state.data.subscriptions[id] = sub;
  const invoice = issueInvoice(ctx, sub, "subscription_create", true);
  emitEvent(ctx, "customer.subscription.created", renderSubscription(state, sub), origin);
  emitInvoiceEvents(ctx, origin, invoice);
  return { subscription: sub, invoice };
}

/** Applies a change and sends customer.subscription.updated with what changed. */
export function changeSubscription(
  ctx: EmulatorContext,
  origin: EventOrigin,
  sub: SubscriptionRecord,
  change: (sub: SubscriptionRecord) => void,
  eventType = "customer.subscription.updated",
): void {
  const before = renderSubscription(ctx.state, sub);
  change(sub);
  const after = renderSubscription(ctx.state, sub);
  const previous = previousAttributes(before, after);
  if (previous) emitEvent(ctx, eventType, after, origin, previous);
}

export function endSubscription(
  ctx: EmulatorContext,
  origin: EventOrigin,
  sub: SubscriptionRecord,
  reason: SubscriptionRecord["cancellationReason"],
): void {
  if (sub.status === "canceled") return;
  const now = ctx.state.now();
  sub.status = "canceled";
  sub.canceledAt ??= now;
  sub.endedAt = now;
  sub.cancellationReason = reason;
  emitEvent(ctx, "customer.subscription.deleted", renderSubscription(ctx.state, sub), origin);
}

/**
 * The end of the current period (what a test clock would reach): a subscription set to cancel
 * ends; otherwise it renews and its invoice is paid or, with a declining card, fails (past_due).
 */
export function reachPeriodEnd(
  ctx: EmulatorContext,
  origin: EventOrigin,
  sub: SubscriptionRecord,
  outcome: "paid" | "failed",
): void {
  if (sub.cancelAtPeriodEnd || sub.status === "past_due" || sub.status === "unpaid") {
    endSubscription(
      ctx,
      origin,
      sub,
      sub.cancelAtPeriodEnd ? "cancellation_requested" : "payment_failed",
    );
    return;
  }
  let invoice: InvoiceRecord | undefined;
  changeSubscription(ctx, origin, sub, (current) => {
    const now = ctx.state.now();
    // The period is cut now: usage stamped up to this second is billed on this invoice.
    const usage = {
      periodStart: current.currentPeriodStart,
      from: current.usageStart,
      through: now,
    };
    current.usageStart = now + 1;
    current.currentPeriodStart = now;
    current.currentPeriodEnd = periodEnd(ctx, current, now);
    invoice = issueInvoice(ctx, current, "subscription_cycle", outcome === "paid", usage);
    if (outcome === "failed") current.status = "past_due";
  });
  if (invoice) emitInvoiceEvents(ctx, origin, invoice);
}

/**
 * How a renewal's automatic payment ends when the test does not say: the card it is charged to
 * (the subscription's default payment method, else the customer's invoice_settings one) decides,
 * off session, as at Stripe.
 */
export function renewalOutcome(ctx: EmulatorContext, sub: SubscriptionRecord): "paid" | "failed" {
  const customer = ctx.state.data.customers[sub.customer];
  const methodId = sub.defaultPaymentMethod ?? customer?.defaultPaymentMethod ?? null;
  const method = methodId ? ctx.state.data.paymentMethods[methodId] : undefined;
  if (!method) return "paid";
  const card = testCard(method.card.number);
  const needsAuthentication =
    card.authentication === "always" ||
    (card.authentication === "unless_set_up" && !method.setUpOffSession);
  return card.declineCode || needsAuthentication ? "failed" : "paid";
}

/** A retried (or manually paid) open invoice succeeds: past_due subscriptions become active. */
export function payInvoice(
  ctx: EmulatorContext,
  origin: EventOrigin,
  invoice: InvoiceRecord,
): void {
  if (invoice.status !== "open") {
    throw invalidRequest(`Invoice is already ${invoice.status}.`, undefined, "invoice_not_open");
  }
  const now = ctx.state.now();
  invoice.status = "paid";
  invoice.amountPaid = invoice.amountDue;
  invoice.paidAt = now;
  invoice.attemptCount += 1;
  invoice.nextPaymentAttempt = null;
  emitEvent(ctx, "invoice.paid", renderInvoice(ctx, invoice), origin);
  emitEvent(ctx, "invoice.payment_succeeded", renderInvoice(ctx, invoice), origin);
  const sub = invoice.subscription ? ctx.state.data.subscriptions[invoice.subscription] : undefined;
  if (sub && (sub.status === "past_due" || sub.status === "unpaid")) {
    changeSubscription(ctx, origin, sub, (current) => {
      current.status = "active";
    });
  }
}
