import { billingDeps } from "../deps";
import { startTopUp } from "../topups/checkout";
import type { BillingFixture } from "./billing-fixture";
import { testHook } from "./events";

/** A top-up Checkout as the portal starts it, paid through the emulator's test hook (no browser). */
export async function topUp(
  fixture: BillingFixture,
  accountId: string,
  email: string,
  amountMicros: number,
  card = "4242424242424242",
) {
  const { sessionId } = await startTopUp(billingDeps(), {
    accountId,
    userId: "u",
    email,
    amountMicros,
    origin: "http://app.test",
  });
  await testHook(fixture, `/checkout/sessions/${sessionId}/complete`, { card });
  const session = await fixture.stripe.checkout.sessions.retrieve(sessionId);
  return { sessionId, paymentIntentId: String(session.payment_intent) };
}
