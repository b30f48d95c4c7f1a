import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest, noSuch } from "../errors";
import { emitEvent } from "../events";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata } from "../params";
import type { ChargeRecord, RefundRecord } from "../records";
import { findCharge, renderCharge } from "./charges";
import { findPaymentIntent } from "./payment-intent-object";
import { renderRefund } from "./refund-object";

/** The charge a refund is for: named directly, or the PaymentIntent's succeeded charge. */
function chargeToRefund(ctx: RequestContext): ChargeRecord {
  const { params, state } = ctx;
  const chargeId = params.string("charge");
  const intentId = params.string("payment_intent");
  if (chargeId && intentId) {
    throw invalidRequest(
      "You may only specify one of these parameters: charge, payment_intent.",
      "charge",
    );
  }
  if (chargeId) return findCharge(state, chargeId, "charge");
  if (!intentId) {
    throw invalidRequest(
      "One of the following params should be provided for this request: payment_intent or charge.",
      undefined,
      "parameter_missing",
    );
  }
  const intent = findPaymentIntent(state, intentId, "payment_intent");
  const charge = intent.latestCharge ? state.data.charges[intent.latestCharge] : undefined;
  if (intent.status !== "succeeded" || !charge) {
    throw invalidRequest(
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      "payment_intent",
    );
  }
  return charge;
}

function create(ctx: RequestContext) {
  const { params, state } = ctx;
  const charge = chargeToRefund(ctx);
  if (charge.status !== "succeeded") {
    throw invalidRequest(`Charge ${charge.id} has not succeeded; it cannot be refunded.`, "charge");
  }
  const remaining = charge.amount - charge.amountRefunded;
  if (remaining <= 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      "charge",
      "charge_already_refunded",
    );
  }
  const amount = params.integer("amount") ?? remaining;
  if (amount <= 0) throw invalidRequest("Invalid positive integer", "amount");
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      "amount",
      "amount_too_large",
    );
  }
  const id = state.newId("re", 24);
  const refund: RefundRecord = {
    id,
    created: state.now(),
    amount,
    charge: charge.id,
    paymentIntent: charge.paymentIntent,
    customer: charge.customer,
    currency: charge.currency,
    reason:
      params.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    status: "succeeded",
  };
  state.data.refunds[id] = refund;
  const before = renderCharge(ctx, charge);
  charge.amountRefunded += amount;
  const origin = { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
  const rendered = renderRefund(refund);
  emitEvent(ctx, "refund.created", rendered, origin);
  emitEvent(ctx, "charge.refunded", renderCharge(ctx, charge), origin, {
    amount_refunded: before.amount_refunded,
    refunded: before.refunded,
    refunds: before.refunds,
  });
  return rendered;
}

function findRefund(ctx: RequestContext): RefundRecord {
  const id = pathParam(ctx, "id");
  const record = ctx.state.data.refunds[id];
  if (!record) throw noSuch("refund", id);
  return record;
}

function list(ctx: RequestContext) {
  const charge = ctx.params.string("charge");
  const intent = ctx.params.string("payment_intent");
  const created = ctx.params.range("created");
  const records = Object.values(ctx.state.data.refunds).filter(
    (refund) =>
      (!charge || refund.charge === charge) &&
      (!intent || refund.paymentIntent === intent) &&
      (!created || created(refund.created)),
  );
  return paginate(ctx.state, records, ctx.params, "/v1/refunds", renderRefund);
}

function update(ctx: RequestContext) {
  const record = findRefund(ctx);
  record.metadata = mergeMetadata(record.metadata, ctx.params.metadata());
  return renderRefund(record);
}

export const refundRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/refunds",
    allowed: ["charge", "payment_intent", "amount", "reason", "metadata"],
    mutates: true,
    handle: create,
  },
  {
    method: "GET",
    path: "/v1/refunds",
    allowed: [...LIST_PARAMS, "charge", "payment_intent", "created"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/refunds/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderRefund(findRefund(ctx)),
  },
  { method: "POST", path: "/v1/refunds/:id", allowed: ["metadata"], mutates: true, handle: update },
];
