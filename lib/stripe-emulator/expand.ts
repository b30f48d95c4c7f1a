import type { EmulatorContext } from "./context";
import { invalidRequest } from "./errors";
import { renderCharge } from "./resources/charges";
import { renderCheckoutSession } from "./resources/checkout-sessions";
import { renderCustomer } from "./resources/customers";
import { renderInvoice } from "./resources/invoice-object";
import { renderMeter } from "./resources/meters";
import { renderPaymentIntent } from "./resources/payment-intent-object";
import { renderPaymentMethod } from "./resources/payment-methods";
import { renderPrice } from "./resources/prices";
import { renderProduct } from "./resources/products";
import { renderRefund } from "./resources/refund-object";
import { renderSubscription } from "./resources/subscription-object";

/** Renders the object an id names, for `expand[]`; null when the id is not one we hold. */
function renderById(ctx: EmulatorContext, id: string): unknown {
  const { data } = ctx.state;
  const customer = data.customers[id];
  if (customer) return renderCustomer(customer);
  const product = data.products[id];
  if (product) return renderProduct(product);
  const price = data.prices[id];
  if (price) return renderPrice(price);
  const subscription = data.subscriptions[id];
  if (subscription) return renderSubscription(ctx.state, subscription);
  const invoice = data.invoices[id];
  if (invoice) return renderInvoice(ctx, invoice);
  const session = data.checkoutSessions[id];
  if (session) return renderCheckoutSession(ctx, session);
  const intent = data.paymentIntents[id];
  if (intent) return renderPaymentIntent(ctx, intent);
  const charge = data.charges[id];
  if (charge) return renderCharge(ctx, charge);
  const method = data.paymentMethods[id];
  if (method) return renderPaymentMethod(method);
  const refund = data.refunds[id];
  if (refund) return renderRefund(refund);
  const meter = data.meters[id];
  if (meter) return renderMeter(meter);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expandPath(ctx: EmulatorContext, node: unknown, segments: string[], full: string): void {
  if (Array.isArray(node)) {
    for (const item of node) expandPath(ctx, item, segments, full);
    return;
  }
  if (!isRecord(node)) return;
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const value = node[head];
  if (rest.length > 0) {
    // `payment_intent.latest_charge` expands the PaymentIntent first, then its charge.
    if (typeof value === "string") {
      const expanded = renderById(ctx, value);
      if (expanded === null)
        throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
      node[head] = expanded;
    }
    expandPath(ctx, node[head], rest, full);
    return;
  }
  if (value === null || value === undefined || isRecord(value)) return;
  const expanded = typeof value === "string" ? renderById(ctx, value) : null;
  if (expanded === null)
    throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
  node[head] = expanded;
}

/**
 * `expand[]=customer`, `expand[]=data.product`, `expand[]=items.data.price.product`: ids at those
 * paths become the objects, as in Stripe (lists expand through their `data`).
 */
export function applyExpand(ctx: EmulatorContext, body: unknown, paths: string[]): unknown {
  const copy: unknown = structuredClone(body);
  for (const path of paths) expandPath(ctx, copy, path.split("."), path);
  return copy;
}
