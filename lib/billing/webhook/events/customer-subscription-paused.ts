import type Stripe from "stripe";
import { type EventRefs, subscriptionRefs } from "../refs";

/** A subscription paused: no plan while paused. */
export function customerSubscriptionPaused(
  event: Stripe.CustomerSubscriptionPausedEvent,
): EventRefs {
  return subscriptionRefs(event.data.object);
}
