import type Stripe from "stripe";
import { noSuch } from "../errors";
import type { PriceRecord, SubscriptionItemRecord, SubscriptionRecord } from "../records";
import type { EmulatorState } from "../state";
import { findPrice, type PriceJson, renderPrice } from "./prices";

type PlanJson = Omit<Stripe.Plan, "amount_decimal" | "tiers" | "deleted"> & {
  amount_decimal: string;
};

/** The legacy `plan` Stripe still embeds beside each item's price. */
function renderPlan(price: PriceRecord): PlanJson {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unitAmount,
    amount_decimal: String(price.unitAmount),
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.intervalCount ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

type ItemJson = Pick<
  Stripe.SubscriptionItem,
  | "id"
  | "object"
  | "billing_thresholds"
  | "created"
  | "current_period_end"
  | "current_period_start"
  | "discounts"
  | "metadata"
  | "quantity"
  | "subscription"
  | "tax_rates"
> & { price: PriceJson; plan: PlanJson };

function renderItem(
  state: EmulatorState,
  sub: SubscriptionRecord,
  item: SubscriptionItemRecord,
): ItemJson {
  const price = findPrice(state, item.price);
  return {
    id: item.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: item.created,
    // Since API version 2025-03-31 the billing period lives on each item, not the subscription.
    current_period_end: sub.currentPeriodEnd,
    current_period_start: sub.currentPeriodStart,
    discounts: [],
    metadata: {},
    plan: renderPlan(price),
    price: renderPrice(price),
    quantity: item.quantity,
    subscription: sub.id,
    tax_rates: [],
  };
}

export type SubscriptionJson = Pick<
  Stripe.Subscription,
  | "id"
  | "object"
  | "application"
  | "billing_cycle_anchor"
  | "cancel_at"
  | "cancel_at_period_end"
  | "canceled_at"
  | "cancellation_details"
  | "collection_method"
  | "created"
  | "currency"
  | "customer"
  | "days_until_due"
  | "default_payment_method"
  | "description"
  | "discounts"
  | "ended_at"
  | "latest_invoice"
  | "livemode"
  | "metadata"
  | "pause_collection"
  | "start_date"
  | "status"
  | "test_clock"
  | "trial_end"
  | "trial_start"
> & {
  items: { object: "list"; data: ItemJson[]; has_more: boolean; total_count: number; url: string };
};

export function renderSubscription(
  state: EmulatorState,
  sub: SubscriptionRecord,
): SubscriptionJson {
  const items = sub.items.map((item) => renderItem(state, sub, item));
  return {
    id: sub.id,
    object: "subscription",
    application: null,
    billing_cycle_anchor: sub.billingCycleAnchor,
    cancel_at: sub.cancelAt,
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    canceled_at: sub.canceledAt,
    cancellation_details: {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: sub.cancellationReason,
    },
    collection_method: "charge_automatically",
    created: sub.created,
    currency: items[0]?.price.currency ?? "usd",
    customer: sub.customer,
    days_until_due: null,
    default_payment_method: null,
    description: null,
    discounts: [],
    ended_at: sub.endedAt,
    items: {
      object: "list",
      data: items,
      has_more: false,
      total_count: items.length,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    },
    latest_invoice: sub.latestInvoice,
    livemode: false,
    metadata: sub.metadata,
    pause_collection: null,
    start_date: sub.startDate,
    status: sub.status,
    test_clock: null,
    trial_end: null,
    trial_start: null,
  };
}

export function findSubscription(
  state: EmulatorState,
  id: string,
  param = "id",
): SubscriptionRecord {
  const record = state.data.subscriptions[id];
  if (!record) throw noSuch("subscription", id, param);
  return record;
}

/** Statuses under which a subscription still exists for its customer (not ended). */
export const LIVE_STATUSES = [
  "active",
  "trialing",
  "past_due",
  "unpaid",
  "paused",
  "incomplete",
] as const;

export function isLive(sub: SubscriptionRecord): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(sub.status);
}
