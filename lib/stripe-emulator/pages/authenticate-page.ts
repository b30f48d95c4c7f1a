import type { EmulatorContext } from "../context";
import { StripeApiError } from "../errors";
import { emitEvent } from "../events";
import { confirmPayment } from "../payments";
import type { PaymentIntentRecord } from "../records";
import { renderPaymentIntent } from "../resources/payment-intent-object";
import { escapeHtml, formatAmount, page } from "./html";

const ORIGIN = { requestId: null, idempotencyKey: null };

/**
 * The 3D Secure challenge a `requires_action` PaymentIntent's `next_action.redirect_to_url.url`
 * points at: the customer completes it (the payment is attempted again) or fails it.
 */
export function authenticatePage(ctx: EmulatorContext, intent: PaymentIntentRecord): string {
  if (intent.status !== "requires_action") {
    return page(
      "Authentication",
      `<div class="card"><h1>Nothing to authenticate</h1><p class="muted">This payment is ${escapeHtml(intent.status)}.</p>${intent.returnUrl ? `<p><a href="${escapeHtml(intent.returnUrl)}">Return to the site</a></p>` : ""}</div>`,
    );
  }
  const form = (action: string, label: string, style: string) =>
    `<form class="inline" method="post" action="${escapeHtml(`${ctx.baseUrl}/authenticate/${intent.id}/${action}`)}"><button class="${style}" type="submit">${label}</button></form>`;
  return page(
    "Authentication",
    `<div class="card">
  <p class="muted">3D Secure test authentication</p>
  <h1>Confirm this payment</h1>
  <div class="amount" data-testid="authenticate-amount">${escapeHtml(formatAmount(intent.amount, intent.currency))}</div>
  <div class="actions">${form("complete", "Complete authentication", "")}${form("fail", "Fail authentication", "danger")}</div>
</div>`,
  );
}

/** Completes or fails the challenge; returns where to send the browser. */
export function authenticateAction(
  ctx: EmulatorContext,
  intent: PaymentIntentRecord,
  action: string,
): string {
  if (intent.status !== "requires_action") {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `This PaymentIntent is ${intent.status}; there is nothing to authenticate.`,
    );
  }
  if (action === "complete") {
    confirmPayment(ctx, ORIGIN, intent, { offSession: false, authenticated: true });
  } else {
    const method = intent.paymentMethod;
    intent.status = "requires_payment_method";
    intent.paymentMethod = null;
    intent.lastPaymentError = {
      type: "invalid_request_error",
      code: "payment_intent_authentication_failure",
      declineCode: null,
      message:
        "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
      charge: null,
      paymentMethod: method,
    };
    emitEvent(ctx, "payment_intent.payment_failed", renderPaymentIntent(ctx, intent), ORIGIN);
  }
  const back = intent.returnUrl ?? `${ctx.baseUrl}/authenticate/${intent.id}`;
  const separator = back.includes("?") ? "&" : "?";
  return `${back}${separator}payment_intent=${intent.id}`;
}
