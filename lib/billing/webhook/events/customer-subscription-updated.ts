import type Stripe from "stripe";
import { type EventRefs, subscriptionRefs } from "../refs";

/** A subscription changed (plan switch, cancel scheduled or undone, status). */
export function customerSubscriptionUpdated(
  event: Stripe.CustomerSubscriptionUpdatedEvent,
): EventRefs {
  return subscriptionRefs(event.data.object);
}
