import type Stripe from "stripe";
import { checkoutSessionCompleted } from "./events/checkout-session-completed";
import { customerSubscriptionCreated } from "./events/customer-subscription-created";
import { customerSubscriptionDeleted } from "./events/customer-subscription-deleted";
import { customerSubscriptionPaused } from "./events/customer-subscription-paused";
import { customerSubscriptionResumed } from "./events/customer-subscription-resumed";
import { customerSubscriptionUpdated } from "./events/customer-subscription-updated";
import { invoicePaid } from "./events/invoice-paid";
import { invoicePaymentFailed } from "./events/invoice-payment-failed";
import type { EventRefs } from "./refs";

/** The events Darwaza acts on, each to its handler; null for any other (acknowledged, ignored). */
export function refsOfEvent(event: Stripe.Event): EventRefs | null {
  switch (event.type) {
    case "checkout.session.completed":
      return checkoutSessionCompleted(event);
    case "customer.subscription.created":
      return customerSubscriptionCreated(event);
    case "customer.subscription.updated":
      return customerSubscriptionUpdated(event);
    case "customer.subscription.deleted":
      return customerSubscriptionDeleted(event);
    case "customer.subscription.paused":
      return customerSubscriptionPaused(event);
    case "customer.subscription.resumed":
      return customerSubscriptionResumed(event);
    case "invoice.paid":
      return invoicePaid(event);
    case "invoice.payment_failed":
      return invoicePaymentFailed(event);
    default:
      return null;
  }
}
