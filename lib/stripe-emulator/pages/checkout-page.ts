import { openSubscription } from "../billing";
import type { EmulatorContext } from "../context";
import { StripeApiError } from "../errors";
import { emitEvent } from "../events";
import type { CheckoutSessionRecord } from "../records";
import { renderCheckoutSession, sessionTotal } from "../resources/checkout-sessions";
import { findPrice } from "../resources/prices";
import { escapeHtml, formatAmount, page } from "./html";

/** Card numbers Stripe's test mode treats specially; any other valid-looking number pays. */
const DECLINED = new Set(["4000000000000002", "4000000000009995"]);

export function checkoutPage(
  ctx: EmulatorContext,
  session: CheckoutSessionRecord,
  error?: string,
): string {
  const customer = session.customer ? ctx.state.data.customers[session.customer] : undefined;
  const first = session.lineItems[0];
  const price = first ? findPrice(ctx.state, first.price) : undefined;
  const product = price ? ctx.state.data.products[price.product] : undefined;
  const currency = price?.currency ?? "usd";
  const interval = price?.recurring ? ` per ${price.recurring.interval}` : "";
  if (session.status !== "open") {
    const message =
      session.status === "complete"
        ? "This checkout is already paid."
        : "This checkout session has expired.";
    return page(
      "Checkout",
      `<div class="card"><h1>${message}</h1>${session.successUrl ? `<p><a href="${escapeHtml(session.successUrl)}">Return to the site</a></p>` : ""}</div>`,
    );
  }
  const email = customer?.email ?? session.customerEmail ?? "";
  return page(
    "Checkout",
    `<div class="card">
  <p class="muted">Subscribe to</p>
  <h1 data-testid="checkout-product">${escapeHtml(product?.name ?? "Subscription")}</h1>
  <div class="amount" data-testid="checkout-amount">${escapeHtml(formatAmount(sessionTotal(ctx, session), currency))}<span class="muted" style="font-size:15px;font-weight:400">${interval}</span></div>
  <form method="post" action="${escapeHtml(`${ctx.baseUrl}/checkout/${session.id}/pay`)}">
    <label for="email">Email</label><input id="email" name="email" type="email" value="${escapeHtml(email)}" readonly>
    <label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="off" value="4242 4242 4242 4242">
    <p class="muted" style="font-size:13px">Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.</p>
    ${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
    <button class="wide" type="submit">Subscribe</button>
  </form>
  ${session.cancelUrl ? `<p style="text-align:center"><a href="${escapeHtml(session.cancelUrl)}">Cancel and return</a></p>` : ""}
</div>`,
  );
}

export function cardError(card: string): string | null {
  const digits = card.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) return "Your card number is invalid.";
  if (DECLINED.has(digits)) return "Your card was declined.";
  return null;
}

/** Paying: the subscription and its paid invoice appear, then checkout.session.completed. */
export function completeCheckout(
  ctx: EmulatorContext,
  session: CheckoutSessionRecord,
  card: string,
): string {
  if (session.status !== "open") {
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `This Checkout Session is ${session.status}.`,
    );
  }
  const problem = cardError(card);
  if (problem) throw new StripeApiError(402, "card_error", problem, "card_declined");
  const origin = { requestId: null, idempotencyKey: null };
  let customerId = session.customer;
  if (!customerId) {
    customerId = ctx.state.newId("cus", 14);
    ctx.state.data.customers[customerId] = {
      id: customerId,
      created: ctx.state.now(),
      email: session.customerEmail,
      name: null,
      description: null,
      metadata: {},
      invoicePrefix: customerId.slice(4, 12).toUpperCase(),
      cardLast4: null,
      deleted: false,
    };
    session.customer = customerId;
  }
  const customer = ctx.state.data.customers[customerId];
  if (customer) customer.cardLast4 = card.replace(/\D/g, "").slice(-4);
  const { subscription, invoice } = openSubscription(ctx, origin, {
    customer: customerId,
    items: session.lineItems.map((item) => ({ price: item.price, quantity: item.quantity })),
    metadata: session.subscriptionMetadata,
  });
  session.status = "complete";
  session.paymentStatus = "paid";
  session.subscription = subscription.id;
  session.invoice = invoice.id;
  emitEvent(ctx, "checkout.session.completed", renderCheckoutSession(ctx, session), origin);
  return (session.successUrl ?? "/").replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}
