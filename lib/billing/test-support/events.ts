import type Stripe from "stripe";
import { POST } from "@/app/api/stripe/webhook/route";
import type { BillingFixture } from "./billing-fixture";

/** The events the emulator recorded about an object, oldest first. */
export async function eventsAbout(
  fixture: BillingFixture,
  objectId: string,
  type?: string,
): Promise<Stripe.Event[]> {
  const page = await fixture.stripe.events.list({ limit: 100 });
  return page.data
    .filter((event) => {
      const object = event.data.object;
      return "id" in object && object.id === objectId && (!type || event.type === type);
    })
    .reverse();
}

export async function lastEvent(
  fixture: BillingFixture,
  objectId: string,
  type: string,
): Promise<Stripe.Event> {
  const found = (await eventsAbout(fixture, objectId, type)).at(-1);
  if (!found) throw new Error(`no ${type} event for ${objectId}`);
  return found;
}

/** Delivers an event to the webhook route as Stripe would: raw JSON, signed by the test header helper. */
export async function deliver(
  fixture: BillingFixture,
  event: Stripe.Event | string,
  options: { secret?: string; timestamp?: number } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = typeof event === "string" ? event : JSON.stringify(event, null, 2);
  const signature = fixture.stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? fixture.webhookSecret,
    timestamp: options.timestamp,
  });
  const response = await POST(
    new Request("http://127.0.0.1/api/stripe/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Calls one of the emulator's test hooks (end a period, pause, pay a Checkout). */
export async function testHook(
  fixture: BillingFixture,
  path: string,
  form: Record<string, string> = {},
) {
  const response = await fetch(`${fixture.emulator.url}/_emulator/stripe/test${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${fixture.emulator.apiKey}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
  });
  if (response.status !== 200)
    throw new Error(`test hook ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
