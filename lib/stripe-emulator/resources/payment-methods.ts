import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { TEST_PAYMENT_METHODS, testCard } from "../cards";
import type { EmulatorContext, RequestContext, Route } from "../context";
import { pathParam } from "../context";
import { invalidRequest, noSuch, StripeApiError } from "../errors";
import { type EventOrigin, emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata } from "../params";
import type { PaymentMethodRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findCustomer } from "./customers";

export type PaymentMethodJson = Sent<Stripe.PaymentMethod>;

export function renderPaymentMethod(record: PaymentMethodRecord): PaymentMethodJson {
  return {
    id: record.id,
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: null,
      email: record.billingEmail,
      name: record.billingName,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: record.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: record.card.brand,
      exp_month: record.card.expMonth,
      exp_year: record.card.expYear,
      fingerprint: record.card.fingerprint,
      funding: "credit",
      generated_from: null,
      last4: record.card.last4,
      networks: { available: [record.card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: record.created,
    customer: record.customer,
    customer_account: null,
    livemode: false,
    metadata: record.metadata,
    radar_options: {},
    type: "card",
  };
}

export function findPaymentMethod(
  state: EmulatorState,
  id: string,
  param = "payment_method",
): PaymentMethodRecord {
  const record = state.data.paymentMethods[id];
  if (!record) throw noSuch("PaymentMethod", id, param);
  return record;
}

/** A card PaymentMethod from a (test) card number, unattached. */
export function insertCardPaymentMethod(
  state: EmulatorState,
  number: string,
  details: { email?: string | null; name?: string | null; setUp?: boolean } = {},
): PaymentMethodRecord {
  const card = testCard(number);
  const id = state.newId("pm");
  const now = state.now();
  const record: PaymentMethodRecord = {
    id,
    created: now,
    customer: null,
    card: {
      number: card.number,
      brand: card.brand,
      last4: card.number.slice(-4),
      expMonth: 12,
      expYear: new Date(now * 1000).getUTCFullYear() + 3,
      // The same number gives the same fingerprint, as at Stripe (to spot a card saved twice).
      fingerprint: createHash("sha256").update(card.number).digest("base64url").slice(0, 16),
    },
    setUpOffSession: details.setUp ?? false,
    billingEmail: details.email ?? null,
    billingName: details.name ?? null,
    metadata: {},
  };
  state.data.paymentMethods[id] = record;
  return record;
}

/**
 * A `payment_method` parameter: a stored PaymentMethod, or one of Stripe's test ids
 * (`pm_card_visa`, …), which makes a fresh PaymentMethod each time, as Stripe does.
 */
export function resolvePaymentMethod(
  state: EmulatorState,
  id: string,
  param = "payment_method",
): PaymentMethodRecord {
  const test = TEST_PAYMENT_METHODS[id];
  if (test) return insertCardPaymentMethod(state, test.number, { setUp: test.setUp });
  return findPaymentMethod(state, id, param);
}

/** Saves a card to a customer; cards that fail Stripe's attach-time check are refused (402). */
export function attachPaymentMethod(
  ctx: EmulatorContext,
  origin: EventOrigin,
  record: PaymentMethodRecord,
  customer: string,
): void {
  if (record.customer === customer) return;
  if (record.customer !== null) {
    throw invalidRequest(
      "The payment method you provided has already been attached to a customer.",
      "payment_method",
    );
  }
  const card = testCard(record.card.number);
  if (card.refusedOnAttach && card.declineCode) {
    throw new StripeApiError(
      402,
      "card_error",
      "Your card was declined.",
      "card_declined",
      undefined,
      {
        decline_code: card.declineCode,
      },
    );
  }
  record.customer = customer;
  emitEvent(ctx, "payment_method.attached", renderPaymentMethod(record), origin);
}

function origin(ctx: RequestContext): EventOrigin {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}

function create(ctx: RequestContext): PaymentMethodJson {
  const { params, state } = ctx;
  const type = params.requiredString("type");
  if (type !== "card") throw invalidRequest("The emulator supports type=card only.", "type");
  const card = params.object("card");
  const token = card?.string("token");
  const number = card?.string("number");
  const billing = params.object("billing_details");
  let record: PaymentMethodRecord;
  if (number) {
    record = insertCardPaymentMethod(state, number);
  } else if (token && /^tok_/.test(token)) {
    // Test tokens name a brand (`tok_visa`, `tok_chargeDeclined`): as the pm_card_ ids do.
    const test = TEST_PAYMENT_METHODS[`pm_card_${token.slice(4)}`];
    if (!test) throw invalidRequest(`No such token: '${token}'`, "card[token]", "resource_missing");
    record = insertCardPaymentMethod(state, test.number, { setUp: test.setUp });
  } else {
    throw invalidRequest("Missing required param: card[number] or card[token].", "card");
  }
  record.billingEmail = billing?.nullableString("email") ?? null;
  record.billingName = billing?.nullableString("name") ?? null;
  record.metadata = mergeMetadata({}, params.metadata());
  return renderPaymentMethod(record);
}

function attach(ctx: RequestContext): PaymentMethodJson {
  const { state } = ctx;
  const customer = findCustomer(state, ctx.params.requiredString("customer"), "customer");
  const record = resolvePaymentMethod(state, pathParam(ctx, "id"), "payment_method");
  attachPaymentMethod(ctx, origin(ctx), record, customer.id);
  return renderPaymentMethod(record);
}

function detach(ctx: RequestContext): PaymentMethodJson {
  const record = findPaymentMethod(ctx.state, pathParam(ctx, "id"), "payment_method");
  if (!record.customer) {
    throw invalidRequest(
      "The payment method you provided is not attached to a customer so detachment is impossible.",
      "payment_method",
    );
  }
  const customer = ctx.state.data.customers[record.customer];
  if (customer?.defaultPaymentMethod === record.id) customer.defaultPaymentMethod = null;
  record.customer = null;
  const rendered = renderPaymentMethod(record);
  emitEvent(ctx, "payment_method.detached", rendered, origin(ctx), {
    customer: customer?.id ?? null,
  });
  return rendered;
}

function update(ctx: RequestContext): PaymentMethodJson {
  const record = findPaymentMethod(ctx.state, pathParam(ctx, "id"), "payment_method");
  const billing = ctx.params.object("billing_details");
  if (billing?.has("email")) record.billingEmail = billing.nullableString("email") ?? null;
  if (billing?.has("name")) record.billingName = billing.nullableString("name") ?? null;
  record.metadata = mergeMetadata(record.metadata, ctx.params.metadata());
  const rendered = renderPaymentMethod(record);
  if (record.customer) emitEvent(ctx, "payment_method.updated", rendered, origin(ctx));
  return rendered;
}

function listFor(ctx: RequestContext, customer: string, url: string) {
  const type = ctx.params.string("type");
  if (type && type !== "card") return { object: "list" as const, data: [], has_more: false, url };
  const records = Object.values(ctx.state.data.paymentMethods).filter(
    (record) => record.customer === customer,
  );
  return paginate(ctx.state, records, ctx.params, url, renderPaymentMethod);
}

function list(ctx: RequestContext) {
  const customer = ctx.params.string("customer");
  if (!customer) {
    // Without a customer Stripe lists only Treasury-style methods; the emulator has none.
    return { object: "list" as const, data: [], has_more: false, url: "/v1/payment_methods" };
  }
  findCustomer(ctx.state, customer, "customer");
  return listFor(ctx, customer, "/v1/payment_methods");
}

function listForCustomer(ctx: RequestContext) {
  const customer = findCustomer(ctx.state, pathParam(ctx, "customer"), "customer");
  return listFor(ctx, customer.id, `/v1/customers/${customer.id}/payment_methods`);
}

function retrieveForCustomer(ctx: RequestContext): PaymentMethodJson {
  const customer = findCustomer(ctx.state, pathParam(ctx, "customer"), "customer");
  const record = ctx.state.data.paymentMethods[pathParam(ctx, "id")];
  if (!record || record.customer !== customer.id) {
    throw noSuch("PaymentMethod", pathParam(ctx, "id"), "payment_method");
  }
  return renderPaymentMethod(record);
}

export const paymentMethodRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_methods",
    allowed: ["type", "card", "billing_details", "metadata"],
    mutates: true,
    handle: create,
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    allowed: [...LIST_PARAMS, "customer", "type"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/payment_methods/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) =>
      renderPaymentMethod(findPaymentMethod(ctx.state, pathParam(ctx, "id"), "payment_method")),
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id",
    allowed: ["billing_details", "metadata"],
    mutates: true,
    handle: update,
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/attach",
    allowed: ["customer"],
    mutates: true,
    handle: attach,
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/detach",
    allowed: [],
    mutates: true,
    handle: detach,
  },
  {
    method: "GET",
    path: "/v1/customers/:customer/payment_methods",
    allowed: [...LIST_PARAMS, "type", "allow_redisplay"],
    mutates: false,
    handle: listForCustomer,
  },
  {
    method: "GET",
    path: "/v1/customers/:customer/payment_methods/:id",
    allowed: [],
    mutates: false,
    handle: retrieveForCustomer,
  },
];
