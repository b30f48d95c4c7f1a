import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest, missingParam } from "../errors";
import { type EventOrigin, emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { assertChargeable } from "../minimums";
import { mergeMetadata, type Params } from "../params";
import { confirmPayment } from "../payments";
import type { PaymentIntentRecord } from "../records";
import { findCustomer } from "./customers";
import { clientSecretFor, findPaymentIntent, renderPaymentIntent } from "./payment-intent-object";
import { resolvePaymentMethod } from "./payment-methods";

function origin(ctx: RequestContext): EventOrigin {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}

const FUTURE_USAGE = ["off_session", "on_session"] as const;

/** `off_session=true` or Stripe's `one_off` / `recurring` variants; all mean "customer away". */
function offSessionOf(params: Params): boolean {
  const value = params.string("off_session");
  if (value === undefined || value === "false") return false;
  if (value === "true" || value === "one_off" || value === "recurring") return true;
  throw invalidRequest(`Invalid off_session: ${value}`, "off_session");
}

function applyPaymentMethod(ctx: RequestContext, intent: PaymentIntentRecord): void {
  const id = ctx.params.string("payment_method");
  if (id) intent.paymentMethod = resolvePaymentMethod(ctx.state, id).id;
}

function confirmFrom(ctx: RequestContext, intent: PaymentIntentRecord): void {
  const offSession = offSessionOf(ctx.params);
  const returnUrl = ctx.params.string("return_url");
  if (returnUrl) intent.returnUrl = returnUrl;
  if (offSession && !intent.customer && !intent.paymentMethod) throw missingParam("customer");
  confirmPayment(ctx, origin(ctx), intent, { offSession, authenticated: false });
}

function create(ctx: RequestContext) {
  const { params, state } = ctx;
  const amount = params.integer("amount");
  if (amount === undefined) throw missingParam("amount");
  const currency = params.requiredString("currency").toLowerCase();
  assertChargeable(amount, currency);
  const customer = params.string("customer");
  if (customer) findCustomer(state, customer, "customer");
  const confirm = params.boolean("confirm") ?? false;
  if (params.has("off_session") && !confirm) {
    throw invalidRequest("off_session can only be used with confirm=true.", "off_session");
  }
  const id = state.newId("pi", 24);
  const intent: PaymentIntentRecord = {
    id,
    created: state.now(),
    amount,
    amountReceived: 0,
    currency,
    customer: customer ?? null,
    description: params.nullableString("description") ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    paymentMethod: null,
    setupFutureUsage: params.oneOf("setup_future_usage", FUTURE_USAGE) ?? null,
    status: "requires_payment_method",
    latestCharge: null,
    lastPaymentError: null,
    canceledAt: null,
    cancellationReason: null,
    clientSecret: clientSecretFor(id),
    receiptEmail: params.nullableString("receipt_email") ?? null,
    checkoutSession: null,
    returnUrl: null,
  };
  state.data.paymentIntents[id] = intent;
  applyPaymentMethod(ctx, intent);
  if (intent.paymentMethod) intent.status = "requires_confirmation";
  emitEvent(ctx, "payment_intent.created", renderPaymentIntent(ctx, intent), origin(ctx));
  if (confirm) confirmFrom(ctx, intent);
  return renderPaymentIntent(ctx, intent);
}

const CONFIRMABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];

function confirm(ctx: RequestContext) {
  const intent = findPaymentIntent(ctx.state, pathParam(ctx, "intent"));
  if (!CONFIRMABLE.includes(intent.status)) {
    throw invalidRequest(
      `This PaymentIntent's status is ${intent.status}, but must be one of ${CONFIRMABLE.join(", ")} to be confirmed.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  applyPaymentMethod(ctx, intent);
  const usage = ctx.params.oneOf("setup_future_usage", FUTURE_USAGE);
  if (usage) intent.setupFutureUsage = usage;
  confirmFrom(ctx, intent);
  return renderPaymentIntent(ctx, intent);
}

function update(ctx: RequestContext) {
  const { params } = ctx;
  const intent = findPaymentIntent(ctx.state, pathParam(ctx, "intent"));
  if (intent.status === "succeeded" || intent.status === "canceled") {
    const onlyMetadata = Object.keys(params.raw).every((key) =>
      ["metadata", "description", "expand"].includes(key),
    );
    if (!onlyMetadata) {
      throw invalidRequest(
        `This PaymentIntent's status is ${intent.status}; only its metadata and description can change.`,
        undefined,
        "payment_intent_unexpected_state",
      );
    }
  }
  const amount = params.integer("amount");
  if (amount !== undefined) {
    assertChargeable(amount, intent.currency);
    intent.amount = amount;
  }
  if (params.has("description")) intent.description = params.nullableString("description") ?? null;
  if (params.has("customer"))
    intent.customer = findCustomer(ctx.state, params.requiredString("customer"), "customer").id;
  const usage = params.oneOf("setup_future_usage", FUTURE_USAGE);
  if (usage) intent.setupFutureUsage = usage;
  if (params.has("receipt_email"))
    intent.receiptEmail = params.nullableString("receipt_email") ?? null;
  applyPaymentMethod(ctx, intent);
  if (intent.paymentMethod && intent.status === "requires_payment_method") {
    intent.status = "requires_confirmation";
  }
  intent.metadata = mergeMetadata(intent.metadata, params.metadata());
  return renderPaymentIntent(ctx, intent);
}

const CANCELLATION_REASONS = [
  "duplicate",
  "fraudulent",
  "requested_by_customer",
  "abandoned",
] as const;

function cancel(ctx: RequestContext) {
  const intent = findPaymentIntent(ctx.state, pathParam(ctx, "intent"));
  if (
    intent.status === "succeeded" ||
    intent.status === "canceled" ||
    intent.status === "processing"
  ) {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  intent.status = "canceled";
  intent.canceledAt = ctx.state.now();
  intent.cancellationReason = ctx.params.oneOf("cancellation_reason", CANCELLATION_REASONS) ?? null;
  const rendered = renderPaymentIntent(ctx, intent);
  emitEvent(ctx, "payment_intent.canceled", rendered, origin(ctx));
  return rendered;
}

function list(ctx: RequestContext) {
  const customer = ctx.params.string("customer");
  const created = ctx.params.range("created");
  const records = Object.values(ctx.state.data.paymentIntents).filter(
    (intent) =>
      (!customer || intent.customer === customer) && (!created || created(intent.created)),
  );
  return paginate(ctx.state, records, ctx.params, "/v1/payment_intents", (intent) =>
    renderPaymentIntent(ctx, intent),
  );
}

const CREATE = [
  "amount",
  "currency",
  "customer",
  "description",
  "metadata",
  "payment_method",
  "payment_method_types",
  "automatic_payment_methods",
  "setup_future_usage",
  "confirm",
  "off_session",
  "receipt_email",
  "return_url",
  "statement_descriptor_suffix",
  "error_on_requires_action",
] as const;

export const paymentIntentRoutes: Route[] = [
  { method: "POST", path: "/v1/payment_intents", allowed: CREATE, mutates: true, handle: create },
  {
    method: "GET",
    path: "/v1/payment_intents",
    allowed: [...LIST_PARAMS, "customer", "created"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/payment_intents/:intent",
    allowed: ["client_secret"],
    mutates: false,
    handle: (ctx) =>
      renderPaymentIntent(ctx, findPaymentIntent(ctx.state, pathParam(ctx, "intent"))),
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:intent",
    allowed: [
      "amount",
      "customer",
      "description",
      "metadata",
      "payment_method",
      "setup_future_usage",
      "receipt_email",
    ],
    mutates: true,
    handle: update,
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:intent/confirm",
    allowed: [
      "payment_method",
      "off_session",
      "return_url",
      "setup_future_usage",
      "error_on_requires_action",
    ],
    mutates: true,
    handle: confirm,
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:intent/cancel",
    allowed: ["cancellation_reason"],
    mutates: true,
    handle: cancel,
  },
];
