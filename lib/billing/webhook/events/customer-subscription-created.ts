import type Stripe from "stripe";
import { type EventRefs, subscriptionRefs } from "../refs";

/** A subscription started. */
export function customerSubscriptionCreated(
  event: Stripe.CustomerSubscriptionCreatedEvent,
): EventRefs {
  return subscriptionRefs(event.data.object);
}
