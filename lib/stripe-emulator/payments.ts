import { declineMessage, testCard } from "./cards";
import type { EmulatorContext } from "./context";
import { invalidRequest, StripeApiError } from "./errors";
import { type EventOrigin, emitEvent } from "./events";
import type { ChargeRecord, PaymentIntentRecord } from "./records";
import { renderCharge } from "./resources/charges";
import { renderPaymentIntent } from "./resources/payment-intent-object";
import { attachPaymentMethod, renderPaymentMethod } from "./resources/payment-methods";

/**
 * What happens when a PaymentIntent is confirmed with a card: the test card decides (cards.ts).
 * Success makes a succeeded Charge and saves the card when `setup_future_usage` asks; a decline
 * makes a failed Charge, puts the PaymentIntent back to requires_payment_method and answers 402
 * (keeping what happened, as Stripe does); a card that needs 3D Secure moves it to requires_action
 * on session, or is declined with `authentication_required` off session.
 */
export interface ConfirmOptions {
  offSession: boolean;
  /** The customer completed 3D Secure (the hosted checkout and authentication pages). */
  authenticated: boolean;
}

function insertCharge(
  ctx: EmulatorContext,
  intent: PaymentIntentRecord,
  paymentMethod: string,
  failure: { code: string; declineCode: string; message: string } | null,
): ChargeRecord {
  const id = ctx.state.newId("ch");
  const charge: ChargeRecord = {
    id,
    created: ctx.state.now(),
    amount: intent.amount,
    amountRefunded: 0,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    metadata: { ...intent.metadata },
    paymentIntent: intent.id,
    paymentMethod,
    status: failure ? "failed" : "succeeded",
    failureCode: failure?.code ?? null,
    failureMessage: failure?.message ?? null,
    declineCode: failure?.declineCode ?? null,
    receiptEmail: intent.receiptEmail,
  };
  ctx.state.data.charges[id] = charge;
  intent.latestCharge = id;
  return charge;
}

function fail(
  ctx: EmulatorContext,
  origin: EventOrigin,
  intent: PaymentIntentRecord,
  failure: { code: string; declineCode: string; message: string },
): never {
  const methodId = intent.paymentMethod ?? "";
  const charge = insertCharge(ctx, intent, methodId, failure);
  intent.status = "requires_payment_method";
  intent.paymentMethod = null;
  intent.lastPaymentError = {
    type: "card_error",
    code: failure.code,
    declineCode: failure.declineCode,
    message: failure.message,
    charge: charge.id,
    paymentMethod: methodId,
  };
  emitEvent(ctx, "charge.failed", renderCharge(ctx, charge), origin);
  const rendered = renderPaymentIntent(ctx, intent);
  emitEvent(ctx, "payment_intent.payment_failed", rendered, origin);
  const method = ctx.state.data.paymentMethods[methodId];
  throw new StripeApiError(
    402,
    "card_error",
    failure.message,
    failure.code,
    undefined,
    {
      decline_code: failure.declineCode,
      charge: charge.id,
      payment_intent: rendered,
      ...(method ? { payment_method: renderPaymentMethod(method) } : {}),
    },
    true,
  );
}

export function confirmPayment(
  ctx: EmulatorContext,
  origin: EventOrigin,
  intent: PaymentIntentRecord,
  options: ConfirmOptions,
): void {
  const method = intent.paymentMethod ? ctx.state.data.paymentMethods[intent.paymentMethod] : null;
  if (!method) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with the customer, pass payment_method.",
      "payment_method",
      "payment_intent_unexpected_state",
    );
  }
  if (method.customer && intent.customer && method.customer !== intent.customer) {
    throw invalidRequest(
      `The provided PaymentMethod belongs to another customer than ${intent.customer}.`,
      "payment_method",
    );
  }
  const card = testCard(method.card.number);
  const needsAuthentication =
    !options.authenticated &&
    (card.authentication === "always" ||
      (card.authentication === "unless_set_up" && !(options.offSession && method.setUpOffSession)));
  if (needsAuthentication && options.offSession) {
    fail(ctx, origin, intent, {
      code: "authentication_required",
      declineCode: "authentication_required",
      message: "Your card was declined. This transaction requires authentication.",
    });
  }
  if (needsAuthentication) {
    intent.status = "requires_action";
    emitEvent(ctx, "payment_intent.requires_action", renderPaymentIntent(ctx, intent), origin);
    return;
  }
  if (card.declineCode) {
    fail(ctx, origin, intent, {
      code: "card_declined",
      declineCode: card.declineCode,
      message: declineMessage(card.declineCode),
    });
  }
  const charge = insertCharge(ctx, intent, method.id, null);
  intent.status = "succeeded";
  intent.amountReceived = intent.amount;
  intent.lastPaymentError = null;
  if (intent.setupFutureUsage && intent.customer) {
    attachPaymentMethod(ctx, origin, method, intent.customer);
    method.setUpOffSession ||= intent.setupFutureUsage === "off_session";
  }
  emitEvent(ctx, "charge.succeeded", renderCharge(ctx, charge), origin);
  emitEvent(ctx, "payment_intent.succeeded", renderPaymentIntent(ctx, intent), origin);
}
