import type Stripe from "stripe";
import { noSuch } from "../errors";
import type { PriceRecord, SubscriptionItemRecord, SubscriptionRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findPrice, type PriceJson, renderPrice } from "./prices";

type PlanJson = Omit<Sent<Stripe.Plan>, "tiers">;

/** The legacy `plan` Stripe still embeds beside each item's price. */
function renderPlan(price: PriceRecord): PlanJson {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unitAmount,
    amount_decimal: price.unitAmountDecimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.intervalCount ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: price.recurring?.meter ?? null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: price.recurring?.usageType ?? "licensed",
  };
}

type ItemJson = Omit<Sent<Stripe.SubscriptionItem>, "price" | "plan"> & {
  price: PriceJson;
  plan: PlanJson;
};

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
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: renderPlan(price),
    price: renderPrice(price),
    // A metered item has no quantity: its usage comes from the meter.
    ...(price.recurring?.usageType === "metered" ? {} : { quantity: item.quantity }),
    subscription: sub.id,
    tax_rates: [],
  };
}

export type SubscriptionJson = Omit<Sent<Stripe.Subscription>, "items"> & {
  items: { object: "list"; data: ItemJson[]; has_more: boolean; url: string };
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
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: sub.billingCycleAnchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
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
    customer_account: null,
    days_until_due: null,
    default_payment_method: sub.defaultPaymentMethod,
    default_source: null,
    description: null,
    discounts: [],
    ended_at: sub.endedAt,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    },
    latest_invoice: sub.latestInvoice,
    livemode: false,
    managed_payments: null,
    metadata: sub.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: sub.startDate,
    status: sub.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" },
    },
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
