import type Stripe from "stripe";
import type { EmulatorContext, RequestContext, Route } from "../context";
import { pathParam } from "../context";
import { noSuch } from "../errors";
import { LIST_PARAMS, paginate } from "../list";
import type { ChargeRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { type RefundJson, renderRefund } from "./refund-object";

type ChargeJson = Omit<Sent<Stripe.Charge>, "refunds"> & {
  refunds: { object: "list"; data: RefundJson[]; has_more: boolean; url: string };
};

export function renderCharge(ctx: EmulatorContext, charge: ChargeRecord): ChargeJson {
  const { state } = ctx;
  const method = state.data.paymentMethods[charge.paymentMethod];
  const paid = charge.status === "succeeded";
  const refunds = Object.values(state.data.refunds)
    .filter((refund) => refund.charge === charge.id)
    .sort((a, b) => state.orderOf(b.id) - state.orderOf(a.id));
  const customer = charge.customer ? state.data.customers[charge.customer] : undefined;
  return {
    id: charge.id,
    object: "charge",
    amount: charge.amount,
    amount_captured: paid ? charge.amount : 0,
    amount_refunded: charge.amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: paid ? `txn_${charge.id.slice(3)}` : null,
    billing_details: {
      address: null,
      email: method?.billingEmail ?? customer?.email ?? null,
      name: method?.billingName ?? customer?.name ?? null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: "DARWAZA",
    captured: paid,
    created: charge.created,
    currency: charge.currency,
    customer: charge.customer,
    description: charge.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: charge.failureCode,
    failure_message: charge.failureMessage,
    fraud_details: {},
    livemode: false,
    metadata: charge.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: paid ? "approved_by_network" : "declined_by_network",
      reason: charge.declineCode,
      risk_level: "normal",
      risk_score: 20,
      seller_message: paid
        ? "Payment complete."
        : "The bank did not return any further details with this decline.",
      type: paid ? "authorized" : "issuer_declined",
    },
    paid,
    payment_intent: charge.paymentIntent,
    payment_method: charge.paymentMethod,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: paid ? charge.amount : null,
        authorization_code: paid ? "123456" : null,
        brand: method?.card.brand ?? null,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        electronic_commerce_indicator: null,
        exp_month: method?.card.expMonth ?? 12,
        exp_year: method?.card.expYear ?? 2030,
        fingerprint: method?.card.fingerprint ?? null,
        funding: "credit",
        installments: null,
        last4: method?.card.last4 ?? null,
        mandate: null,
        network: method?.card.brand ?? null,
        network_transaction_id: paid ? `${charge.id.slice(3, 18)}` : null,
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    radar_options: {},
    receipt_email: charge.receiptEmail,
    receipt_number: null,
    receipt_url: paid ? `${ctx.baseUrl}/receipts/${charge.id}` : null,
    refunded: charge.amountRefunded >= charge.amount && paid,
    refunds: {
      object: "list",
      data: refunds.map(renderRefund),
      has_more: false,
      url: `/v1/charges/${charge.id}/refunds`,
    },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: charge.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function findCharge(state: EmulatorState, id: string, param = "id"): ChargeRecord {
  const record = state.data.charges[id];
  if (!record) throw noSuch("charge", id, param);
  return record;
}

function list(ctx: RequestContext) {
  const customer = ctx.params.string("customer");
  const paymentIntent = ctx.params.string("payment_intent");
  const created = ctx.params.range("created");
  const records = Object.values(ctx.state.data.charges).filter(
    (charge) =>
      (!customer || charge.customer === customer) &&
      (!paymentIntent || charge.paymentIntent === paymentIntent) &&
      (!created || created(charge.created)),
  );
  return paginate(ctx.state, records, ctx.params, "/v1/charges", (charge) =>
    renderCharge(ctx, charge),
  );
}

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/charges",
    allowed: [...LIST_PARAMS, "customer", "payment_intent", "created"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/charges/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderCharge(ctx, findCharge(ctx.state, pathParam(ctx, "id"))),
  },
];
