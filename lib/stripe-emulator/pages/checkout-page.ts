import { openSubscription } from "../billing";
import { testCard } from "../cards";
import type { EmulatorContext } from "../context";
import { StripeApiError } from "../errors";
import { emitEvent } from "../events";
import { confirmPayment } from "../payments";
import type { CheckoutSessionRecord, CustomerRecord } from "../records";
import { renderCheckoutSession, sessionTotal } from "../resources/checkout-sessions";
import { clientSecretFor, renderPaymentIntent } from "../resources/payment-intent-object";
import { attachPaymentMethod, insertCardPaymentMethod } from "../resources/payment-methods";
import { findPrice } from "../resources/prices";
import { escapeHtml, formatAmount, page } from "./html";

const ORIGIN = { requestId: null, idempotencyKey: null };

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
  const payment = session.mode === "payment";
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
  const saves = session.paymentData?.setupFutureUsage
    ? `<p class="muted" style="font-size:13px" data-testid="checkout-saves-card">Your card will be saved for future payments.</p>`
    : "";
  return page(
    "Checkout",
    `<div class="card">
  <p class="muted">${payment ? "Pay" : "Subscribe to"}</p>
  <h1 data-testid="checkout-product">${escapeHtml(product?.name ?? (payment ? "Payment" : "Subscription"))}</h1>
  <div class="amount" data-testid="checkout-amount">${escapeHtml(formatAmount(sessionTotal(ctx, session), currency))}<span class="muted" style="font-size:15px;font-weight:400">${interval}</span></div>
  <form method="post" action="${escapeHtml(`${ctx.baseUrl}/checkout/${session.id}/pay`)}">
    <label for="email">Email</label><input id="email" name="email" type="email" value="${escapeHtml(email)}" readonly>
    <label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="off" value="4242 4242 4242 4242">
    <p class="muted" style="font-size:13px">Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined, 4000 0025 0000 3155 and 4000 0027 6000 3184 ask for 3D Secure (completed here).</p>
    ${saves}
    ${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
    <button class="wide" type="submit">${payment ? "Pay" : "Subscribe"}</button>
  </form>
  ${session.cancelUrl ? `<p style="text-align:center"><a href="${escapeHtml(session.cancelUrl)}">Cancel and return</a></p>` : ""}
</div>`,
  );
}

/** The message the hosted pages show for a card that cannot be used, or null. */
export function cardError(card: string): string | null {
  try {
    const test = testCard(card);
    return test.refusedOnAttach && test.declineCode ? "Your card was declined." : null;
  } catch (error) {
    if (error instanceof StripeApiError) return error.message;
    throw error;
  }
}

function checkoutCustomer(ctx: EmulatorContext, session: CheckoutSessionRecord): CustomerRecord {
  const existing = session.customer ? ctx.state.data.customers[session.customer] : undefined;
  if (existing) return existing;
  const id = ctx.state.newId("cus", 14);
  const customer: CustomerRecord = {
    id,
    created: ctx.state.now(),
    email: session.customerEmail,
    name: null,
    description: null,
    metadata: {},
    invoicePrefix: id.slice(4, 12).toUpperCase(),
    cardLast4: null,
    defaultPaymentMethod: null,
    deleted: false,
  };
  ctx.state.data.customers[id] = customer;
  session.customer = id;
  return customer;
}

/**
 * mode=payment: a PaymentIntent for the total is confirmed with the card (3D Secure counts as
 * completed on this page); it saves the card to the customer when setup_future_usage asks. A
 * decline keeps the failed attempt (402) and leaves the session open to try another card.
 */
function payPayment(ctx: EmulatorContext, session: CheckoutSessionRecord, card: string): void {
  const data = session.paymentData;
  const needsCustomer = Boolean(data?.setupFutureUsage) || session.customer !== null;
  const customer = needsCustomer ? checkoutCustomer(ctx, session) : null;
  const method = insertCardPaymentMethod(ctx.state, card, {
    email: customer?.email ?? session.customerEmail,
    name: customer?.name ?? null,
  });
  let intent = session.paymentIntent
    ? ctx.state.data.paymentIntents[session.paymentIntent]
    : undefined;
  if (!intent) {
    const id = ctx.state.newId("pi", 24);
    const first = session.lineItems[0];
    intent = {
      id,
      created: ctx.state.now(),
      amount: sessionTotal(ctx, session),
      amountReceived: 0,
      currency: first ? findPrice(ctx.state, first.price).currency : "usd",
      customer: customer?.id ?? null,
      description: data?.description ?? null,
      metadata: { ...(data?.metadata ?? {}) },
      paymentMethod: null,
      setupFutureUsage: data?.setupFutureUsage ?? null,
      status: "requires_payment_method",
      latestCharge: null,
      lastPaymentError: null,
      canceledAt: null,
      cancellationReason: null,
      clientSecret: clientSecretFor(id),
      receiptEmail: null,
      checkoutSession: session.id,
      returnUrl: null,
    };
    ctx.state.data.paymentIntents[id] = intent;
    session.paymentIntent = id;
    emitEvent(ctx, "payment_intent.created", renderPaymentIntent(ctx, intent), ORIGIN);
  }
  intent.paymentMethod = method.id;
  confirmPayment(ctx, ORIGIN, intent, { offSession: false, authenticated: true });
  if (customer) customer.cardLast4 = method.card.last4;
}

/** Paying: the subscription (or the payment) happens, then checkout.session.completed. */
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
  if (session.mode === "payment") {
    payPayment(ctx, session, card);
  } else {
    const test = testCard(card);
    if (test.declineCode) {
      throw new StripeApiError(402, "card_error", "Your card was declined.", "card_declined");
    }
    const customer = checkoutCustomer(ctx, session);
    // Checkout saves the card to the customer and makes it the subscription's default.
    const method = insertCardPaymentMethod(ctx.state, card, {
      email: customer.email,
      name: customer.name,
      setUp: true,
    });
    attachPaymentMethod(ctx, ORIGIN, method, customer.id);
    customer.cardLast4 = method.card.last4;
    const { subscription, invoice } = openSubscription(ctx, ORIGIN, {
      customer: customer.id,
      items: session.lineItems.map((item) => ({ price: item.price, quantity: item.quantity })),
      metadata: session.subscriptionMetadata,
      defaultPaymentMethod: method.id,
    });
    session.subscription = subscription.id;
    session.invoice = invoice.id;
  }
  session.status = "complete";
  session.paymentStatus = "paid";
  emitEvent(ctx, "checkout.session.completed", renderCheckoutSession(ctx, session), ORIGIN);
  return (session.successUrl ?? "/").replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}
