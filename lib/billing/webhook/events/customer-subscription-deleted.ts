import type Stripe from "stripe";
import { type EventRefs, subscriptionRefs } from "../refs";

/** A subscription ended: the account falls to Free unless another subscription entitles it. */
export function customerSubscriptionDeleted(
  event: Stripe.CustomerSubscriptionDeletedEvent,
): EventRefs {
  return subscriptionRefs(event.data.object);
}
