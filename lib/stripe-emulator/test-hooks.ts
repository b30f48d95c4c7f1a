import { changeSubscription, reachPeriodEnd, renewalOutcome } from "./billing";
import { pathParam, type RequestContext, type Route } from "./context";
import { invalidRequest, noSuch } from "./errors";
import { completeCheckout } from "./pages/checkout-page";
import { findCheckoutSession, renderCheckoutSession } from "./resources/checkout-sessions";
import { findSubscription, renderSubscription } from "./resources/subscription-object";

/**
 * Test-mode controls Stripe offers through test clocks and the Dashboard, as plain calls (same
 * Bearer key as the API): end a billing period (renewal paid or failed, or the scheduled
 * cancellation), pause, pay a Checkout without a browser, resend an event.
 */
export const TEST_HOOK_PREFIX = "/_emulator/stripe/test";

function origin(ctx: RequestContext) {
  return { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey };
}

function advance(ctx: RequestContext) {
  const sub = findSubscription(ctx.state, pathParam(ctx, "id"));
  if (sub.status === "canceled") throw invalidRequest("This subscription has ended.");
  // Without an outcome the card on file decides, as a real renewal's off-session charge would.
  const outcome =
    ctx.params.oneOf("outcome", ["paid", "failed"] as const) ?? renewalOutcome(ctx, sub);
  reachPeriodEnd(ctx, origin(ctx), sub, outcome);
  return renderSubscription(ctx.state, sub);
}

function pause(ctx: RequestContext) {
  const sub = findSubscription(ctx.state, pathParam(ctx, "id"));
  if (sub.status !== "active" && sub.status !== "trialing") {
    throw invalidRequest("Only active subscriptions can be paused.");
  }
  changeSubscription(
    ctx,
    origin(ctx),
    sub,
    (current) => {
      current.status = "paused";
    },
    "customer.subscription.paused",
  );
  return renderSubscription(ctx.state, sub);
}

function complete(ctx: RequestContext) {
  const session = findCheckoutSession(ctx, pathParam(ctx, "id"));
  completeCheckout(ctx, session, ctx.params.string("card") ?? "4242424242424242");
  return renderCheckoutSession(ctx, session);
}

function resend(ctx: RequestContext) {
  const id = pathParam(ctx, "id");
  if (!ctx.state.data.events[id]) throw noSuch("event", id);
  ctx.events.deliver(id);
  return { id, object: "event", resent: true };
}

export const testHookRoutes: Route[] = [
  {
    method: "POST",
    path: `${TEST_HOOK_PREFIX}/subscriptions/:id/advance`,
    allowed: ["outcome"],
    mutates: true,
    handle: advance,
  },
  {
    method: "POST",
    path: `${TEST_HOOK_PREFIX}/subscriptions/:id/pause`,
    allowed: [],
    mutates: true,
    handle: pause,
  },
  {
    method: "POST",
    path: `${TEST_HOOK_PREFIX}/checkout/sessions/:id/complete`,
    allowed: ["card"],
    mutates: true,
    handle: complete,
  },
  {
    method: "POST",
    path: `${TEST_HOOK_PREFIX}/events/:id/resend`,
    allowed: [],
    mutates: false,
    handle: resend,
  },
];
