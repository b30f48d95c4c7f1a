import { startCheckout } from "../checkout";
import { billingDeps } from "../deps";
import type { BillingFixture } from "./billing-fixture";
import { testHook } from "./events";

/** Checkout as the app starts it, paid through the emulator's test hook (no browser). */
export async function subscribe(
  fixture: BillingFixture,
  accountId: string,
  email: string,
  plan: string,
) {
  const result = await startCheckout(billingDeps(), {
    accountId,
    userId: "u",
    email,
    plan,
    origin: "http://app.test",
  });
  if (result.kind !== "checkout") throw new Error(`checkout refused: ${JSON.stringify(result)}`);
  const sessionId = result.url.split("/").at(-1) ?? "";
  await testHook(fixture, `/checkout/sessions/${sessionId}/complete`);
  const session = await fixture.stripe.checkout.sessions.retrieve(sessionId);
  return {
    sessionId,
    subscriptionId: String(session.subscription),
    invoiceId: String(session.invoice),
  };
}
