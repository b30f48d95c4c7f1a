import type Stripe from "stripe";
import { isMetered, recurringPrice } from "../billing";
import type { EmulatorContext, RequestContext, Route } from "../context";
import { pathParam } from "../context";
import { invalidRequest, missingParam, noSuch } from "../errors";
import { emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { assertChargeable } from "../minimums";
import { lineAmount, wholeAmount } from "../money";
import { mergeMetadata, type Params } from "../params";
import type { CheckoutSessionRecord, PriceRecord } from "../records";
import type { Sent } from "../sent";
import { findCustomer } from "./customers";
import { findPrice, unitAmountOf } from "./prices";
import { findProduct, insertProduct } from "./products";

const SESSION_LIFETIME_S = 24 * 60 * 60;

export type CheckoutSessionJson = Sent<Stripe.Checkout.Session>;

/** What is paid now: metered prices are billed later, from their meter. */
export function sessionTotal(ctx: EmulatorContext, session: CheckoutSessionRecord): number {
  return session.lineItems.reduce((sum, item) => {
    const price = findPrice(ctx.state, item.price);
    return isMetered(price) ? sum : sum + lineAmount(price.unitAmountDecimal, item.quantity);
  }, 0);
}

export function renderCheckoutSession(
  ctx: EmulatorContext,
  session: CheckoutSessionRecord,
): CheckoutSessionJson {
  const total = sessionTotal(ctx, session);
  const first = session.lineItems[0];
  const customer = session.customer ? ctx.state.data.customers[session.customer] : undefined;
  const complete = session.status === "complete";
  return {
    id: session.id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: session.cancelUrl,
    client_reference_id: session.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: session.created,
    currency: first ? findPrice(ctx.state, first.price).currency : null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: session.customer,
    customer_account: null,
    customer_creation: session.customer
      ? null
      : session.mode === "payment"
        ? "if_required"
        : "always",
    // Stripe fills the payer's details once the session is paid.
    customer_details: complete
      ? {
          address: null,
          business_name: null,
          email: customer?.email ?? session.customerEmail,
          individual_name: null,
          name: customer?.name ?? null,
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
        }
      : null,
    customer_email: session.customerEmail,
    discounts: [],
    expires_at: session.expiresAt,
    integration_identifier: null,
    invoice: session.invoice,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: session.metadata,
    mode: session.mode,
    origin_context: null,
    payment_intent: session.paymentIntent,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: session.paymentStatus,
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: session.status,
    submit_type: null,
    subscription: session.subscription,
    success_url: session.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    wallet_options: null,
    // The hosted page's address is only given while the session can still be paid.
    url: session.status === "open" ? `${ctx.baseUrl}/checkout/${session.id}` : null,
  };
}

/** Open sessions past their expiry turn expired when next looked at (Stripe does it on a timer). */
export function findCheckoutSession(ctx: EmulatorContext, id: string): CheckoutSessionRecord {
  const session = ctx.state.data.checkoutSessions[id];
  if (!session) throw noSuch("checkout.session", id);
  if (session.status === "open" && session.expiresAt <= ctx.state.now()) {
    expireSession(ctx, session, { requestId: null, idempotencyKey: null });
  }
  return session;
}

export function expireSession(
  ctx: EmulatorContext,
  session: CheckoutSessionRecord,
  origin: { requestId: string | null; idempotencyKey: string | null },
): void {
  session.status = "expired";
  emitEvent(ctx, "checkout.session.expired", renderCheckoutSession(ctx, session), origin);
}

/** `price_data`: an inline price (and product, from `product_data`), made for this session. */
function inlinePrice(ctx: RequestContext, data: Params, param: string): PriceRecord {
  const { state } = ctx;
  data.allowOnly([
    "currency",
    "unit_amount",
    "unit_amount_decimal",
    "product",
    "product_data",
    "recurring",
    "tax_behavior",
  ]);
  const productData = data.object("product_data");
  const productId = data.string("product");
  let product: string;
  if (productId) product = findProduct(state, productId, `${param}[product]`).id;
  else if (productData) {
    product = insertProduct(state, {
      name: productData.requiredString("name"),
      metadata: mergeMetadata({}, productData.metadata()),
    }).id;
  } else throw missingParam(`${param}[product]`);
  const recurring = data.object("recurring");
  const unitAmountDecimal = unitAmountOf(data);
  const id = state.newId("price", 24);
  const price: PriceRecord = {
    id,
    created: state.now(),
    product,
    currency: data.requiredString("currency").toLowerCase(),
    unitAmount: wholeAmount(unitAmountDecimal),
    unitAmountDecimal,
    recurring: recurring
      ? {
          interval:
            recurring.oneOf("interval", ["day", "week", "month", "year"] as const) ?? "month",
          intervalCount: recurring.integer("interval_count") ?? 1,
          usageType: "licensed",
          meter: null,
        }
      : null,
    lookupKey: null,
    nickname: null,
    // Inline prices are not part of the catalog: Stripe makes them inactive.
    active: false,
    metadata: {},
  };
  state.data.prices[id] = price;
  return price;
}

function lineItemPrice(
  ctx: RequestContext,
  mode: CheckoutSessionRecord["mode"],
  item: Params,
  index: number,
): PriceRecord {
  const param = `line_items[${index}]`;
  const data = item.object("price_data");
  const priceId = item.string("price");
  if (data && priceId) {
    throw invalidRequest(
      `You may only specify one of these parameters: ${param}[price], ${param}[price_data].`,
      `${param}[price]`,
    );
  }
  if (mode === "subscription") {
    if (data) {
      const price = inlinePrice(ctx, data, `${param}[price_data]`);
      if (!price.recurring) {
        throw invalidRequest(
          "You must specify at least one recurring price in `subscription` mode when using prices.",
          `${param}[price_data][recurring]`,
        );
      }
      return price;
    }
    if (!priceId) throw missingParam(`${param}[price]`);
    return recurringPrice(ctx, priceId, `${param}[price]`);
  }
  const price = data ? inlinePrice(ctx, data, `${param}[price_data]`) : undefined;
  if (price) {
    if (price.recurring) {
      throw invalidRequest(
        "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
        `${param}[price_data][recurring]`,
      );
    }
    return price;
  }
  if (!priceId) throw missingParam(`${param}[price]`);
  const found = findPrice(ctx.state, priceId, `${param}[price]`);
  if (found.recurring) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      `${param}[price]`,
    );
  }
  if (!found.active) {
    throw invalidRequest(`The price specified (${priceId}) is inactive.`, `${param}[price]`);
  }
  return found;
}

function create(ctx: RequestContext): CheckoutSessionJson {
  const { params, state } = ctx;
  const mode = params.oneOf("mode", ["payment", "setup", "subscription"] as const);
  if (!mode) throw missingParam("mode");
  if (mode === "setup")
    throw invalidRequest("The emulator supports mode=payment and mode=subscription.", "mode");
  const customer = params.string("customer");
  if (customer) findCustomer(state, customer, "customer");
  const items = params.objects("line_items");
  if (!items || items.length === 0) throw missingParam("line_items");
  const lineItems = items.map((item, index) => {
    item.allowOnly(["price", "price_data", "quantity", "adjustable_quantity", "tax_rates"]);
    const price = lineItemPrice(ctx, mode, item, index);
    const quantity = item.integer("quantity");
    if (isMetered(price)) {
      if (quantity !== undefined) {
        throw invalidRequest(
          "Quantity should not be specified where usage_type is `metered`. Remove quantity from `line_items[0]`.",
          `line_items[${index}][quantity]`,
        );
      }
    } else if (quantity === undefined) {
      throw missingParam(`line_items[${index}][quantity]`);
    }
    return { id: state.newId("li"), price: price.id, quantity: quantity ?? 0 };
  });
  const paymentIntentData = params.object("payment_intent_data");
  if (paymentIntentData && mode !== "payment") {
    throw invalidRequest(
      "You can not pass `payment_intent_data` in `subscription` mode.",
      "payment_intent_data",
    );
  }
  paymentIntentData?.allowOnly(["setup_future_usage", "metadata", "description", "receipt_email"]);
  const currencies = new Set(lineItems.map((item) => findPrice(state, item.price).currency));
  if (currencies.size > 1)
    throw invalidRequest("All prices must be in the same currency.", "line_items");
  const successUrl = params.string("success_url");
  if (!successUrl) throw missingParam("success_url");
  const draft = { lineItems } as CheckoutSessionRecord;
  const firstPrice = findPrice(state, lineItems[0]?.price ?? "");
  if (mode === "payment") assertChargeable(sessionTotal(ctx, draft), firstPrice.currency);
  const id = state.newId("cs_test", 58);
  const now = state.now();
  const session: CheckoutSessionRecord = {
    id,
    created: now,
    expiresAt: params.integer("expires_at") ?? now + SESSION_LIFETIME_S,
    mode,
    customer: customer ?? null,
    customerEmail: params.string("customer_email") ?? null,
    clientReferenceId: params.string("client_reference_id") ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    subscriptionMetadata: mergeMetadata({}, params.object("subscription_data")?.metadata()),
    lineItems,
    successUrl,
    cancelUrl: params.string("cancel_url") ?? null,
    status: "open",
    paymentStatus: "unpaid",
    subscription: null,
    invoice: null,
    paymentData:
      mode === "payment"
        ? {
            setupFutureUsage:
              paymentIntentData?.oneOf("setup_future_usage", [
                "off_session",
                "on_session",
              ] as const) ?? null,
            metadata: mergeMetadata({}, paymentIntentData?.metadata()),
            description: paymentIntentData?.nullableString("description") ?? null,
          }
        : null,
    paymentIntent: null,
  };
  state.data.checkoutSessions[id] = session;
  return renderCheckoutSession(ctx, session);
}

function list(ctx: RequestContext) {
  const { params, state } = ctx;
  const customer = params.string("customer");
  const status = params.oneOf("status", ["open", "complete", "expired"] as const);
  const subscription = params.string("subscription");
  const records = Object.keys(state.data.checkoutSessions)
    .map((id) => findCheckoutSession(ctx, id))
    .filter(
      (session) =>
        (!customer || session.customer === customer) &&
        (!status || session.status === status) &&
        (!subscription || session.subscription === subscription),
    );
  return paginate(state, records, params, "/v1/checkout/sessions", (session) =>
    renderCheckoutSession(ctx, session),
  );
}

function expire(ctx: RequestContext): CheckoutSessionJson {
  const session = findCheckoutSession(ctx, pathParam(ctx, "id"));
  if (session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status of \`open\` can be expired. This Checkout Session has a status of \`${session.status}\`.`,
    );
  }
  expireSession(ctx, session, { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey });
  return renderCheckoutSession(ctx, session);
}

const CREATE = [
  "mode",
  "customer",
  "customer_email",
  "client_reference_id",
  "line_items",
  "success_url",
  "cancel_url",
  "metadata",
  "subscription_data",
  "payment_intent_data",
  "customer_creation",
  "expires_at",
  "allow_promotion_codes",
  "billing_address_collection",
  "locale",
  "payment_method_types",
] as const;

export const checkoutSessionRoutes: Route[] = [
  { method: "POST", path: "/v1/checkout/sessions", allowed: CREATE, mutates: true, handle: create },
  {
    method: "GET",
    path: "/v1/checkout/sessions",
    allowed: [...LIST_PARAMS, "customer", "status", "subscription"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/checkout/sessions/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderCheckoutSession(ctx, findCheckoutSession(ctx, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/checkout/sessions/:id/expire",
    allowed: [],
    mutates: true,
    handle: expire,
  },
];
