import type Stripe from "stripe";
import { recurringPrice } from "../billing";
import type { EmulatorContext, RequestContext, Route } from "../context";
import { pathParam } from "../context";
import { invalidRequest, missingParam, noSuch } from "../errors";
import { emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata } from "../params";
import type { CheckoutSessionRecord } from "../records";
import type { Sent } from "../sent";
import { findCustomer } from "./customers";
import { findPrice } from "./prices";

const SESSION_LIFETIME_S = 24 * 60 * 60;

export type CheckoutSessionJson = Sent<Stripe.Checkout.Session>;

export function sessionTotal(ctx: EmulatorContext, session: CheckoutSessionRecord): number {
  return session.lineItems.reduce(
    (sum, item) => sum + findPrice(ctx.state, item.price).unitAmount * item.quantity,
    0,
  );
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
    customer_creation: session.customer ? null : "always",
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
    payment_intent: null,
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

function create(ctx: RequestContext): CheckoutSessionJson {
  const { params, state } = ctx;
  const mode = params.oneOf("mode", ["payment", "setup", "subscription"] as const);
  if (!mode) throw missingParam("mode");
  if (mode !== "subscription")
    throw invalidRequest("The emulator supports mode=subscription only.", "mode");
  const customer = params.string("customer");
  if (customer) findCustomer(state, customer, "customer");
  const items = params.objects("line_items");
  if (!items || items.length === 0) throw missingParam("line_items");
  const lineItems = items.map((item, index) => ({
    id: state.newId("li"),
    price: recurringPrice(ctx, item.requiredString("price"), `line_items[${index}][price]`).id,
    quantity: item.integer("quantity") ?? 1,
  }));
  const currencies = new Set(lineItems.map((item) => findPrice(state, item.price).currency));
  if (currencies.size > 1)
    throw invalidRequest("All prices must be in the same currency.", "line_items");
  const successUrl = params.string("success_url");
  if (!successUrl) throw missingParam("success_url");
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
