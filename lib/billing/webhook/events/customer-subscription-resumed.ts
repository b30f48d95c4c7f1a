import type Stripe from "stripe";
import { type EventRefs, subscriptionRefs } from "../refs";

/** A subscription resumed: its plan again. */
export function customerSubscriptionResumed(
  event: Stripe.CustomerSubscriptionResumedEvent,
): EventRefs {
  return subscriptionRefs(event.data.object);
}
