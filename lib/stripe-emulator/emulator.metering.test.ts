import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorServer, startEmulatorServer } from "./test-support/server";

let server: EmulatorServer;
let meter: Stripe.Billing.Meter;
let base: Stripe.Price;
let usage: Stripe.Price;

async function testHook(path: string, form: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/_emulator/stripe/test${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${server.apiKey}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
  });
  expect(response.status).toBe(200);
}

/** A Starter subscriber with the metered overage price on the subscription, through Checkout. */
async function subscriber(email: string) {
  const customer = await server.stripe.customers.create({ email });
  const session = await server.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: base.id, quantity: 1 }, { price: usage.id }],
    success_url: "http://app.test/done",
  });
  expect(session.amount_total).toBe(800_000);
  const paid = await fetch(`${session.url}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "card=4242424242424242",
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  const done = await server.stripe.checkout.sessions.retrieve(session.id);
  return {
    customer,
    subscription: await server.stripe.subscriptions.retrieve(String(done.subscription)),
  };
}

function tokens(customer: string, value: number, identifier?: string) {
  return server.stripe.billing.meterEvents.create({
    event_name: "darwaza_overage_tokens",
    payload: { stripe_customer_id: customer, value: String(value) },
    ...(identifier ? { identifier } : {}),
  });
}

beforeAll(async () => {
  server = await startEmulatorServer();
  meter = await server.stripe.billing.meters.create({
    display_name: "Overage tokens",
    event_name: "darwaza_overage_tokens",
    default_aggregation: { formula: "sum" },
    customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
    value_settings: { event_payload_key: "value" },
  });
  const product = await server.stripe.products.create({ name: "Starter" });
  base = await server.stripe.prices.create({
    product: product.id,
    currency: "pkr",
    unit_amount: 800_000,
    recurring: { interval: "month" },
  });
  // PKR 0.0025 per token = 0.25 paisa: only expressible as unit_amount_decimal.
  usage = await server.stripe.prices.create({
    product: product.id,
    currency: "pkr",
    unit_amount_decimal: Stripe.Decimal.from("0.25"),
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    lookup_key: "starter_overage",
  });
});

afterAll(async () => {
  await server.close();
});

describe("Billing Meters and metered prices in the Stripe emulator", () => {
  it("creates, lists, deactivates and reactivates meters", async () => {
    expect(meter).toMatchObject({
      object: "billing.meter",
      status: "active",
      default_aggregation: { formula: "sum" },
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
    });
    const counted = await server.stripe.billing.meters.create({
      display_name: "Requests",
      event_name: "darwaza_requests",
      default_aggregation: { formula: "count" },
    });
    expect((await server.stripe.billing.meters.retrieve(counted.id)).event_name).toBe(
      "darwaza_requests",
    );
    const off = await server.stripe.billing.meters.deactivate(counted.id);
    expect(off).toMatchObject({ status: "inactive" });
    expect(off.status_transitions.deactivated_at).not.toBeNull();
    const active = await server.stripe.billing.meters.list({ status: "active" });
    expect(active.data.map((entry) => entry.id)).toEqual([meter.id]);
    await expect(
      server.stripe.billing.meterEvents.create({
        event_name: "darwaza_requests",
        payload: { stripe_customer_id: "cus_x" },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect((await server.stripe.billing.meters.reactivate(counted.id)).status).toBe("active");
  });

  it("prices metered usage from a meter, in decimals", async () => {
    expect(usage).toMatchObject({
      unit_amount: null,
      recurring: { usage_type: "metered", meter: meter.id },
    });
    // stripe-node reads decimal strings into its Decimal type.
    expect(String(usage.unit_amount_decimal)).toBe("0.25");
    await expect(
      server.stripe.prices.create({
        product: String(base.product),
        currency: "pkr",
        unit_amount: 1,
        recurring: { interval: "month", usage_type: "metered" },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "recurring[meter]" });
  });

  it("counts a duplicate identifier once and summarises events per customer", async () => {
    const { customer } = await subscriber("summary@example.com");
    const first = await tokens(customer.id, 1_000, "req_1");
    expect(first).toMatchObject({ object: "billing.meter_event", identifier: "req_1" });
    await tokens(customer.id, 1_000, "req_1");
    await tokens(customer.id, 234, "req_2");
    const now = Math.floor(Date.now() / 1000);
    const start = Math.floor(now / 3600) * 3600 - 3600;
    const end = Math.floor(now / 3600) * 3600 + 3600;
    const total = await server.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: start,
      end_time: end,
    });
    expect(total.data).toHaveLength(1);
    expect(total.data[0]).toMatchObject({ aggregated_value: 1_234, meter: meter.id });
    const hourly = await server.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: start,
      end_time: end,
      value_grouping_window: "hour",
    });
    expect(hourly.data.map((summary) => summary.aggregated_value)).toEqual([0, 1_234]);
    await expect(
      server.stripe.billing.meters.listEventSummaries(meter.id, {
        customer: customer.id,
        start_time: start + 7,
        end_time: end,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "start_time" });
  });

  it("bills the period's usage on the renewal invoice: sum of events × unit price", async () => {
    const { customer, subscription } = await subscriber("overage@example.com");
    const metered = subscription.items.data.find((item) => item.price.id === usage.id);
    expect(metered?.quantity).toBeUndefined();
    await tokens(customer.id, 120_001, "a");
    await tokens(customer.id, 30_000, "b");
    await tokens(customer.id, 30_000, "b");
    await testHook(`/subscriptions/${subscription.id}/advance`);
    const renewed = await server.stripe.subscriptions.retrieve(subscription.id);
    const invoice = await server.stripe.invoices.retrieve(String(renewed.latest_invoice));
    // 150,001 tokens × 0.25 paisa = 37,500.25 → 37,500 paisa (PKR 375.00), rounded once.
    expect(invoice).toMatchObject({ billing_reason: "subscription_cycle", status: "paid" });
    expect(invoice.total).toBe(800_000 + 37_500);
    const lines = await server.stripe.invoices.listLineItems(invoice.id);
    const usageLine = lines.data.find((line) => line.pricing?.price_details?.price === usage.id);
    expect(usageLine).toMatchObject({ amount: 37_500, quantity: 150_001 });
    expect(String(usageLine?.pricing?.unit_amount_decimal)).toBe("0.25");
    expect(invoice.lines.data.map((line) => line.id)).toEqual(lines.data.map((line) => line.id));

    // The next period starts empty: usage is billed once.
    await testHook(`/subscriptions/${subscription.id}/advance`);
    const next = await server.stripe.invoices.retrieve(
      String((await server.stripe.subscriptions.retrieve(subscription.id)).latest_invoice),
    );
    expect(next.total).toBe(800_000);
  });

  it("adds a metered item to an existing subscription (no quantity allowed)", async () => {
    const customer = await server.stripe.customers.create({ email: "later@example.com" });
    const session = await server.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: base.id, quantity: 1 }],
      success_url: "http://app.test/done",
    });
    await testHook(`/checkout/sessions/${session.id}/complete`);
    const sub = String((await server.stripe.checkout.sessions.retrieve(session.id)).subscription);
    await expect(
      server.stripe.subscriptions.update(sub, { items: [{ price: usage.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const updated = await server.stripe.subscriptions.update(sub, { items: [{ price: usage.id }] });
    expect(updated.items.data).toHaveLength(2);
    await tokens(customer.id, 4_000);
    await testHook(`/subscriptions/${sub}/advance`);
    const invoice = await server.stripe.invoices.retrieve(
      String((await server.stripe.subscriptions.retrieve(sub)).latest_invoice),
    );
    expect(invoice.total).toBe(800_000 + 1_000);
  });
});
