import { changeSubscription, endSubscription, reachPeriodEnd, recurringPrice } from "../billing";
import type { EmulatorContext } from "../context";
import { invalidRequest } from "../errors";
import type { PortalSessionRecord } from "../records";
import { attachPaymentMethod, insertCardPaymentMethod } from "../resources/payment-methods";
import { findSubscription, isLive } from "../resources/subscription-object";
import { cardError } from "./checkout-page";

const ORIGIN = { requestId: null, idempotencyKey: null };

/**
 * What a customer can do on the hosted portal, within what its configuration allows: switch price,
 * cancel at period end (or undo it), cancel now, replace the card — plus the test clock's "end the
 * period now". Returns the notice to show.
 */
export function portalAction(
  ctx: EmulatorContext,
  session: PortalSessionRecord,
  name: string,
  form: URLSearchParams,
): string {
  const configuration = ctx.state.data.portalConfigurations[session.configuration];
  if (name === "card") {
    const card = form.get("card") ?? "";
    const problem = cardError(card);
    if (problem) throw invalidRequest(problem);
    const customer = ctx.state.data.customers[session.customer];
    if (!customer) throw invalidRequest("This customer no longer exists.");
    // Like Stripe's portal: the new card is set up for off-session use and becomes the default.
    const method = insertCardPaymentMethod(ctx.state, card, {
      email: customer.email,
      name: customer.name,
      setUp: true,
    });
    attachPaymentMethod(ctx, ORIGIN, method, customer.id);
    customer.cardLast4 = method.card.last4;
    customer.defaultPaymentMethod = method.id;
    for (const sub of Object.values(ctx.state.data.subscriptions)) {
      if (sub.customer !== customer.id || !isLive(sub)) continue;
      changeSubscription(ctx, ORIGIN, sub, (current) => {
        current.defaultPaymentMethod = method.id;
      });
    }
    return "card";
  }
  const sub = findSubscription(ctx.state, form.get("subscription") ?? "", "subscription");
  if (sub.customer !== session.customer) throw invalidRequest("That subscription is not yours.");
  switch (name) {
    case "switch": {
      const priceId = form.get("price") ?? "";
      const allowed = configuration?.updateEnabled
        ? configuration.updateProducts.some((entry) => entry.prices.includes(priceId))
        : false;
      if (!allowed) throw invalidRequest("This plan is not offered in the portal.");
      const price = recurringPrice(ctx, priceId, "price");
      changeSubscription(ctx, ORIGIN, sub, (current) => {
        const item = current.items[0];
        if (item) item.price = price.id;
      });
      return "switched";
    }
    case "cancel":
    case "renew": {
      if (!configuration?.cancelEnabled)
        throw invalidRequest("Cancellation is not enabled in the portal.");
      const cancel = name === "cancel";
      changeSubscription(ctx, ORIGIN, sub, (current) => {
        current.cancelAtPeriodEnd = cancel;
        current.cancelAt = cancel ? current.currentPeriodEnd : null;
        current.canceledAt = cancel ? ctx.state.now() : null;
        current.cancellationReason = cancel ? "cancellation_requested" : null;
      });
      return cancel ? "canceled" : "renewed";
    }
    // The simulation controls (what a test clock does at Stripe); the whole emulator is test mode.
    case "advance":
    case "advance_failed":
      if (sub.status === "canceled") throw invalidRequest("This subscription has ended.");
      reachPeriodEnd(ctx, ORIGIN, sub, name === "advance" ? "paid" : "failed");
      return name;
    case "cancel_now":
      if (!configuration?.cancelEnabled)
        throw invalidRequest("Cancellation is not enabled in the portal.");
      endSubscription(ctx, ORIGIN, sub, "cancellation_requested");
      return "canceled_now";
    default:
      throw invalidRequest(`Unknown portal action: ${name}`);
  }
}
