import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import type { EmulatorContext } from "../context";
import { noSuch } from "../errors";
import type { PaymentIntentRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { renderPaymentMethod } from "./payment-methods";

type PaymentIntentJson = Sent<Stripe.PaymentIntent>;

export function clientSecretFor(id: string): string {
  return `${id}_secret_${randomBytes(12).toString("base64url")}`;
}

export function renderPaymentIntent(
  ctx: EmulatorContext,
  record: PaymentIntentRecord,
): PaymentIntentJson {
  const error = record.lastPaymentError;
  const failedMethod = error?.paymentMethod
    ? ctx.state.data.paymentMethods[error.paymentMethod]
    : undefined;
  return {
    id: record.id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: record.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: record.amountReceived,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: record.canceledAt,
    cancellation_reason: record.cancellationReason,
    capture_method: "automatic",
    client_secret: record.clientSecret,
    confirmation_method: "automatic",
    created: record.created,
    currency: record.currency,
    customer: record.customer,
    customer_account: null,
    description: record.description,
    excluded_payment_method_types: null,
    last_payment_error: error
      ? {
          type: error.type,
          code: error.code,
          ...(error.declineCode ? { decline_code: error.declineCode } : {}),
          doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll("_", "-")}`,
          message: error.message,
          ...(error.charge ? { charge: error.charge } : {}),
          ...(failedMethod
            ? { payment_method: renderPaymentMethod(failedMethod) as Stripe.PaymentMethod }
            : {}),
          payment_method_type: "card",
        }
      : null,
    latest_charge: record.latestCharge,
    livemode: false,
    managed_payments: null,
    metadata: record.metadata,
    next_action:
      record.status === "requires_action"
        ? {
            type: "redirect_to_url",
            redirect_to_url: {
              return_url: record.returnUrl,
              url: `${ctx.baseUrl}/authenticate/${record.id}`,
            },
          }
        : null,
    on_behalf_of: null,
    payment_method: record.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: "automatic",
      },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: record.receiptEmail,
    review: null,
    setup_future_usage: record.setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: record.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function findPaymentIntent(
  state: EmulatorState,
  id: string,
  param = "intent",
): PaymentIntentRecord {
  const record = state.data.paymentIntents[id];
  if (!record) throw noSuch("payment_intent", id, param);
  return record;
}
