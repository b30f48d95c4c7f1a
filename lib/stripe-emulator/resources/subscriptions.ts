import { changeSubscription, endSubscription, isMetered, recurringPrice } from "../billing";
import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest } from "../errors";
import { emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata } from "../params";
import type { SubscriptionRecord } from "../records";
import { findPrice } from "./prices";
import { findSubscription, renderSubscription, type SubscriptionJson } from "./subscription-object";

function origin(ctx: RequestContext) {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}

function retrieve(ctx: RequestContext): SubscriptionJson {
  return renderSubscription(ctx.state, findSubscription(ctx.state, pathParam(ctx, "id")));
}

function list(ctx: RequestContext) {
  const { params, state } = ctx;
  const customer = params.string("customer");
  const price = params.string("price");
  const status = params.string("status");
  const records = Object.values(state.data.subscriptions).filter((sub) => {
    if (customer && sub.customer !== customer) return false;
    if (price && !sub.items.some((item) => item.price === price)) return false;
    // Stripe lists everything but canceled subscriptions unless a status is named.
    if (status === undefined)
      return sub.status !== "canceled" && sub.status !== "incomplete_expired";
    if (status === "all") return true;
    if (status === "ended") return sub.status === "canceled" || sub.status === "incomplete_expired";
    return sub.status === status;
  });
  return paginate(state, records, params, "/v1/subscriptions", (sub) =>
    renderSubscription(state, sub),
  );
}

/** `items[0][id]=si_…&items[0][price]=price_…` swaps a price in place, as the portal does. */
function applyItems(ctx: RequestContext, sub: SubscriptionRecord): void {
  const items = ctx.params.objects("items");
  if (!items) return;
  for (const [index, item] of items.entries()) {
    const id = item.string("id");
    const existing = id ? sub.items.find((candidate) => candidate.id === id) : undefined;
    if (id && !existing)
      throw invalidRequest(
        `No such subscription item: '${id}'`,
        `items[${index}][id]`,
        "resource_missing",
      );
    if (existing && item.boolean("deleted") === true) {
      sub.items = sub.items.filter((candidate) => candidate !== existing);
      continue;
    }
    const priceId = item.string("price");
    const quantity = item.integer("quantity");
    const price = priceId ? recurringPrice(ctx, priceId, `items[${index}][price]`) : undefined;
    const current = price ?? (existing ? findPrice(ctx.state, existing.price) : undefined);
    const metered = current ? isMetered(current) : false;
    if (metered && quantity !== undefined) {
      throw invalidRequest(
        "Quantity should not be specified where usage_type is `metered`.",
        `items[${index}][quantity]`,
      );
    }
    if (existing) {
      if (price) existing.price = price.id;
      if (quantity !== undefined) existing.quantity = quantity;
      continue;
    }
    if (!priceId)
      throw invalidRequest(
        "Missing required param: price.",
        `items[${index}][price]`,
        "parameter_missing",
      );
    sub.items.push({
      id: ctx.state.newId("si", 14),
      created: ctx.state.now(),
      price: priceId,
      quantity: metered ? 0 : (quantity ?? 1),
    });
  }
  if (sub.items.length === 0)
    throw invalidRequest("A subscription must have at least one item.", "items");
}

function update(ctx: RequestContext): SubscriptionJson {
  const { params, state } = ctx;
  const sub = findSubscription(state, pathParam(ctx, "id"));
  if (
    sub.status === "canceled" &&
    Object.keys(params.raw).some((key) => key !== "metadata" && key !== "expand")
  ) {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
      undefined,
      "resource_missing",
    );
  }
  params.oneOf("proration_behavior", ["always_invoice", "create_prorations", "none"] as const);
  changeSubscription(ctx, origin(ctx), sub, (current) => {
    const cancelAtPeriodEnd = params.boolean("cancel_at_period_end");
    if (cancelAtPeriodEnd !== undefined) {
      current.cancelAtPeriodEnd = cancelAtPeriodEnd;
      current.cancelAt = cancelAtPeriodEnd ? current.currentPeriodEnd : null;
      current.canceledAt = cancelAtPeriodEnd ? state.now() : null;
      current.cancellationReason = cancelAtPeriodEnd ? "cancellation_requested" : null;
    }
    applyItems(ctx, current);
    if (params.has("default_payment_method")) {
      const id = params.nullableString("default_payment_method") ?? null;
      const method = id ? state.data.paymentMethods[id] : undefined;
      if (id && method?.customer !== current.customer) {
        throw invalidRequest(
          `No such PaymentMethod: '${id}'`,
          "default_payment_method",
          "resource_missing",
        );
      }
      current.defaultPaymentMethod = id;
    }
    current.metadata = mergeMetadata(current.metadata, params.metadata());
  });
  return renderSubscription(state, sub);
}

function cancel(ctx: RequestContext): SubscriptionJson {
  const sub = findSubscription(ctx.state, pathParam(ctx, "id"));
  if (sub.status === "canceled") {
    throw invalidRequest(`No such subscription: '${sub.id}'`, "id", "resource_missing");
  }
  endSubscription(ctx, origin(ctx), sub, "cancellation_requested");
  return renderSubscription(ctx.state, sub);
}

function resume(ctx: RequestContext): SubscriptionJson {
  const sub = findSubscription(ctx.state, pathParam(ctx, "id"));
  if (sub.status !== "paused") {
    throw invalidRequest(
      "Only paused subscriptions can be resumed.",
      undefined,
      "subscription_not_paused",
    );
  }
  changeSubscription(
    ctx,
    origin(ctx),
    sub,
    (current) => {
      current.status = "active";
    },
    "customer.subscription.resumed",
  );
  emitEvent(ctx, "customer.subscription.updated", renderSubscription(ctx.state, sub), origin(ctx), {
    status: "paused",
  });
  return renderSubscription(ctx.state, sub);
}

export const subscriptionRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/subscriptions",
    allowed: [...LIST_PARAMS, "customer", "price", "status"],
    mutates: false,
    handle: list,
  },
  { method: "GET", path: "/v1/subscriptions/:id", allowed: [], mutates: false, handle: retrieve },
  {
    method: "POST",
    path: "/v1/subscriptions/:id",
    allowed: [
      "cancel_at_period_end",
      "items",
      "metadata",
      "proration_behavior",
      "default_payment_method",
    ],
    mutates: true,
    handle: update,
  },
  {
    method: "DELETE",
    path: "/v1/subscriptions/:id",
    allowed: ["invoice_now", "prorate", "cancellation_details"],
    mutates: true,
    handle: cancel,
  },
  {
    method: "POST",
    path: "/v1/subscriptions/:id/resume",
    allowed: ["billing_cycle_anchor", "proration_behavior"],
    mutates: true,
    handle: resume,
  },
];
