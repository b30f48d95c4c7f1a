import { Ajv, type ValidateFunction } from "ajv";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorServer, startEmulatorServer } from "./test-support/server";
import {
  loadStripeSchemas,
  type RootName,
  type StripeSchemas,
} from "./test-support/stripe-schemas";
import { startWebhookCollector } from "./test-support/webhook-collector";

// Every answer the app's calls get is checked, as sent on the wire, against the pinned SDK's types.
type Collector = Awaited<ReturnType<typeof startWebhookCollector>>;
type Shape = "object" | "list" | "search";

let server: EmulatorServer;
let hooks: Collector;
let schemas: StripeSchemas;
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();
let addedDefinitions = -1;

function validator(root: RootName, shape: Shape, eventType?: string): ValidateFunction {
  const key = `${root}:${shape}:${eventType ?? ""}`;
  const known = compiled.get(key);
  if (known) return known;
  const item = schemas.ref(root, eventType);
  // Re-added only when a new type grew the definitions: a re-add drops every compiled ref.
  const size = Object.keys(schemas.document.definitions).length;
  if (size !== addedDefinitions) {
    ajv.removeSchema(schemas.document.$id);
    ajv.addSchema(schemas.document);
    addedDefinitions = size;
  }
  const common = { data: { type: "array", items: item }, has_more: { type: "boolean" } };
  const schema =
    shape === "object"
      ? item
      : {
          type: "object",
          required: [
            "object",
            "data",
            "has_more",
            "url",
            ...(shape === "search" ? ["next_page"] : []),
          ],
          properties:
            shape === "list"
              ? { object: { const: "list" }, url: { type: "string" }, ...common }
              : {
                  object: { const: "search_result" },
                  url: { type: "string" },
                  next_page: { type: ["string", "null"] },
                  total_count: { type: "number" },
                  ...common,
                },
          additionalProperties: false,
        };
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
}

function problems(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`,
  );
}

/** Validates the last answer the emulator sent (it must be a 200) against `root`'s schema. */
function lastAnswerIs(root: RootName, shape: Shape = "object") {
  const answer = server.responses.at(-1);
  if (!answer) throw new Error("no answer recorded");
  expect(answer.status, answer.body).toBe(200);
  const body: unknown = JSON.parse(answer.body);
  const validate = validator(root, shape);
  const valid = validate(body);
  expect(problems(validate), `${answer.method} ${answer.url}`).toEqual([]);
  expect(valid).toBe(true);
  return body;
}

async function hostedPay(url: string) {
  const response = await fetch(`${url}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card: "4242 4242 4242 4242" }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
}

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

beforeAll(async () => {
  schemas = loadStripeSchemas();
  hooks = await startWebhookCollector();
  server = await startEmulatorServer({ webhookEndpoint: () => hooks.url });
});

afterAll(async () => {
  await server.close();
  await hooks.close();
});

describe("the emulator's answers match the pinned stripe-node's types", () => {
  let price: Stripe.Price;
  let customer: Stripe.Customer;
  let session: Stripe.Checkout.Session;
  let subscription: Stripe.Subscription;

  it("products", async () => {
    const product = await server.stripe.products.create({ name: "Starter", metadata: { t: "1" } });
    lastAnswerIs("Product");
    await server.stripe.products.retrieve(product.id);
    lastAnswerIs("Product");
    await server.stripe.products.update(product.id, { description: "Small" });
    lastAnswerIs("Product");
    await server.stripe.products.list({ limit: 3 });
    lastAnswerIs("Product", "list");
  });

  it("prices", async () => {
    price = await server.stripe.prices.create({
      product_data: { name: "Pro" },
      currency: "pkr",
      unit_amount: 500_000,
      recurring: { interval: "month" },
      lookup_key: "pro_schema",
    });
    lastAnswerIs("Price");
    await server.stripe.prices.create({
      product: String(price.product),
      currency: "pkr",
      unit_amount: 900,
    });
    lastAnswerIs("Price");
    await server.stripe.prices.retrieve(price.id, { expand: ["product"] });
    lastAnswerIs("Price");
    await server.stripe.prices.update(price.id, { nickname: "Pro monthly" });
    lastAnswerIs("Price");
    await server.stripe.prices.list({ lookup_keys: ["pro_schema"], expand: ["data.product"] });
    lastAnswerIs("Price", "list");
  });

  it("customers, including a deleted one", async () => {
    customer = await server.stripe.customers.create({
      email: "schema@example.test",
      name: "Schema",
      metadata: { account_id: "acc_schema" },
    });
    lastAnswerIs("Customer");
    await server.stripe.customers.update(customer.id, { description: "checked" });
    lastAnswerIs("Customer");
    await server.stripe.customers.retrieve(customer.id);
    lastAnswerIs("Customer");
    await server.stripe.customers.list({ email: "schema@example.test" });
    lastAnswerIs("Customer", "list");
    await server.stripe.customers.search({ query: "metadata['account_id']:'acc_schema'" });
    lastAnswerIs("Customer", "search");

    const gone = await server.stripe.customers.create({ email: "gone@example.test" });
    await server.stripe.customers.del(gone.id);
    lastAnswerIs("DeletedCustomer");
    const retrieved = await server.stripe.customers.retrieve(gone.id);
    expect(retrieved).toMatchObject({ id: gone.id, object: "customer", deleted: true });
    lastAnswerIs("DeletedCustomer");
  });

  it("checkout sessions, open, complete and expired", async () => {
    session = await server.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      client_reference_id: "acc_schema",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.test/done?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/cancel",
      metadata: { account_id: "acc_schema" },
      subscription_data: { metadata: { account_id: "acc_schema" } },
    });
    lastAnswerIs("CheckoutSession");
    await hostedPay(String(session.url));
    session = await server.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "line_items"],
    });
    lastAnswerIs("CheckoutSession");
    await server.stripe.checkout.sessions.list({ customer: customer.id });
    lastAnswerIs("CheckoutSession", "list");

    const other = await server.stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "other@example.test",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.test/done",
    });
    await server.stripe.checkout.sessions.expire(other.id);
    lastAnswerIs("CheckoutSession");
  });

  it("subscriptions", async () => {
    const sub = session.subscription as Stripe.Subscription;
    subscription = await server.stripe.subscriptions.retrieve(sub.id);
    lastAnswerIs("Subscription");
    await server.stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice", "customer"] });
    lastAnswerIs("Subscription");
    await server.stripe.subscriptions.list({ customer: customer.id, status: "all" });
    lastAnswerIs("Subscription", "list");
    await server.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    lastAnswerIs("Subscription");
    await server.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    lastAnswerIs("Subscription");
    await testHook(`/subscriptions/${sub.id}/pause`);
    await server.stripe.subscriptions.resume(sub.id);
    lastAnswerIs("Subscription");
  });

  it("invoices, paid and retried after a failed renewal", async () => {
    await server.stripe.invoices.list({ customer: customer.id });
    lastAnswerIs("Invoice", "list");
    await server.stripe.invoices.retrieve(String(subscription.latest_invoice));
    lastAnswerIs("Invoice");
    await testHook(`/subscriptions/${subscription.id}/advance`, { outcome: "failed" });
    const open = await server.stripe.invoices.list({ customer: customer.id, status: "open" });
    const failed = open.data[0];
    if (!failed) throw new Error("no open invoice after a failed renewal");
    await server.stripe.invoices.retrieve(failed.id, { expand: ["subscription", "customer"] });
    lastAnswerIs("Invoice");
    await server.stripe.invoices.pay(failed.id);
    lastAnswerIs("Invoice");
  });

  it("billing portal configurations and sessions", async () => {
    const configuration = await server.stripe.billingPortal.configurations.create({
      business_profile: { headline: "Darwaza" },
      default_return_url: "http://app.test/billing",
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: [{ product: String(price.product), prices: [price.id] }],
          proration_behavior: "create_prorations",
        },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
      },
      metadata: { darwaza: "1" },
    });
    lastAnswerIs("PortalConfiguration");
    await server.stripe.billingPortal.configurations.retrieve(configuration.id);
    lastAnswerIs("PortalConfiguration");
    await server.stripe.billingPortal.configurations.update(configuration.id, { active: true });
    lastAnswerIs("PortalConfiguration");
    await server.stripe.billingPortal.configurations.list({ is_default: false });
    lastAnswerIs("PortalConfiguration", "list");
    await server.stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: configuration.id,
      return_url: "http://app.test/billing",
    });
    lastAnswerIs("PortalSession");
  });

  it("checkout in payment mode, PaymentIntents, charges and saved payment methods", async () => {
    const topUp = await server.stripe.checkout.sessions.create({
      mode: "payment",
      customer: customer.id,
      line_items: [
        {
          price_data: { currency: "pkr", unit_amount: 500_000, product_data: { name: "Credit" } },
          quantity: 1,
        },
      ],
      payment_intent_data: { setup_future_usage: "off_session", metadata: { kind: "topup" } },
      metadata: { account_id: "acc_schema" },
      success_url: "http://app.test/credit",
    });
    lastAnswerIs("CheckoutSession");
    await hostedPay(String(topUp.url));
    const paid = await server.stripe.checkout.sessions.retrieve(topUp.id, {
      expand: ["payment_intent"],
    });
    lastAnswerIs("CheckoutSession");
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    await server.stripe.paymentIntents.retrieve(intent.id, { expand: ["latest_charge"] });
    lastAnswerIs("PaymentIntent");
    await server.stripe.paymentIntents.list({ customer: customer.id });
    lastAnswerIs("PaymentIntent", "list");
    await server.stripe.charges.retrieve(String(intent.latest_charge));
    lastAnswerIs("Charge");
    await server.stripe.charges.list({ payment_intent: intent.id });
    lastAnswerIs("Charge", "list");
    const methods = await server.stripe.customers.listPaymentMethods(customer.id);
    lastAnswerIs("PaymentMethod", "list");
    await server.stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    lastAnswerIs("PaymentMethod", "list");
    const saved = methods.data[0];
    if (!saved) throw new Error("no saved card");
    await server.stripe.paymentMethods.retrieve(saved.id);
    lastAnswerIs("PaymentMethod");
    await server.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: saved.id },
    });
    lastAnswerIs("Customer");
    await server.stripe.paymentIntents.create({
      amount: 200_000,
      currency: "pkr",
      customer: customer.id,
      payment_method: saved.id,
      off_session: true,
      confirm: true,
    });
    lastAnswerIs("PaymentIntent");
    const failing = await server.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", {
      customer: customer.id,
    });
    lastAnswerIs("PaymentMethod");
    const declined = await server.stripe.paymentIntents
      .create({
        amount: 200_000,
        currency: "pkr",
        customer: customer.id,
        payment_method: failing.id,
        off_session: true,
        confirm: true,
      })
      .catch((error: Stripe.errors.StripeCardError) => error.payment_intent);
    const validate = validator("PaymentIntent", "object");
    const body = JSON.parse(server.responses.at(-1)?.body ?? "{}") as { error: unknown };
    validate((body.error as { payment_intent: unknown }).payment_intent);
    expect(problems(validate)).toEqual([]);
    await server.stripe.paymentIntents.retrieve(String(declined?.id));
    lastAnswerIs("PaymentIntent");
    const onSession = await server.stripe.paymentIntents.create({
      amount: 200_000,
      currency: "pkr",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "http://app.test/back",
    });
    lastAnswerIs("PaymentIntent");
    await server.stripe.paymentIntents.cancel(onSession.id);
    lastAnswerIs("PaymentIntent");
    const pending = await server.stripe.paymentIntents.create({ amount: 20_000, currency: "pkr" });
    await server.stripe.paymentIntents.confirm(pending.id, { payment_method: "pm_card_visa" });
    lastAnswerIs("PaymentIntent");
    await server.stripe.paymentMethods.detach(failing.id);
    lastAnswerIs("PaymentMethod");
  });

  it("refunds", async () => {
    const intents = await server.stripe.paymentIntents.list({ customer: customer.id });
    const succeeded = intents.data.find((intent) => intent.status === "succeeded");
    const refund = await server.stripe.refunds.create({
      payment_intent: String(succeeded?.id),
      amount: 1_000,
    });
    lastAnswerIs("Refund");
    await server.stripe.refunds.retrieve(refund.id);
    lastAnswerIs("Refund");
    await server.stripe.refunds.list({ payment_intent: String(succeeded?.id) });
    lastAnswerIs("Refund", "list");
    await server.stripe.charges.retrieve(String(refund.charge));
    lastAnswerIs("Charge");
  });

  it("billing meters, meter events and summaries, metered prices and usage invoice lines", async () => {
    const meter = await server.stripe.billing.meters.create({
      display_name: "Overage tokens",
      event_name: "schema_tokens",
      default_aggregation: { formula: "sum" },
    });
    lastAnswerIs("Meter");
    await server.stripe.billing.meters.retrieve(meter.id);
    lastAnswerIs("Meter");
    await server.stripe.billing.meters.list();
    lastAnswerIs("Meter", "list");
    const metered = await server.stripe.prices.create({
      product: String(price.product),
      currency: "pkr",
      unit_amount_decimal: Stripe.Decimal.from("0.25"),
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    lastAnswerIs("Price");
    const updated = await server.stripe.subscriptions.update(subscription.id, {
      items: [{ price: metered.id }],
    });
    lastAnswerIs("Subscription");
    expect(updated.items.data).toHaveLength(2);
    await server.stripe.billing.meterEvents.create({
      event_name: "schema_tokens",
      payload: { stripe_customer_id: customer.id, value: "4001" },
      identifier: "schema_1",
    });
    lastAnswerIs("MeterEvent");
    const now = Math.floor(Date.now() / 1000);
    const start = Math.floor(now / 3600) * 3600 - 3600;
    await server.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: start,
      end_time: start + 7200,
      value_grouping_window: "hour",
    });
    lastAnswerIs("MeterEventSummary", "list");
    await testHook(`/subscriptions/${subscription.id}/advance`, { outcome: "paid" });
    const renewed = await server.stripe.subscriptions.retrieve(subscription.id);
    const invoice = await server.stripe.invoices.retrieve(String(renewed.latest_invoice));
    lastAnswerIs("Invoice");
    expect(invoice.lines.data.some((line) => line.amount === 1_000)).toBe(true);
    await server.stripe.invoices.listLineItems(invoice.id);
    lastAnswerIs("InvoiceLineItem", "list");
    await server.stripe.billing.meters.deactivate(meter.id);
    lastAnswerIs("Meter");
  });

  it("subscriptions canceled at once", async () => {
    await server.stripe.subscriptions.cancel(subscription.id);
    lastAnswerIs("Subscription");
  });

  it("events: listed, filtered by created, retrieved, and as delivered to webhooks", {
    timeout: 180_000,
  }, async () => {
    const all = await server.stripe.events.list({ limit: 100 });
    expect(all.data.length).toBeGreaterThan(0);
    const newest = all.data[0] as Stripe.Event;
    const since = await server.stripe.events.list({ created: { gte: newest.created } });
    expect(since.data.map((event) => event.id)).toContain(newest.id);
    const after = await server.stripe.events.list({ created: { gt: newest.created } });
    expect(after.data).toEqual([]);
    const exact = await server.stripe.events.list({ created: newest.created });
    expect(exact.data.every((event) => event.created === newest.created)).toBe(true);
    const before = await server.stripe.events.list({ created: { lt: newest.created, lte: 0 } });
    expect(before.data).toEqual([]);

    const idle = await fetch(`${server.url}/_emulator/stripe/test/webhooks/idle`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(idle.status).toBe(200);
    const types = new Set([...all.data.map((event) => event.type), ...hooks.types()]);
    for (const type of [
      "payment_intent.succeeded",
      "payment_intent.payment_failed",
      "payment_intent.requires_action",
      "charge.succeeded",
      "charge.failed",
      "charge.refunded",
      "refund.created",
      "payment_method.attached",
      "payment_method.detached",
    ]) {
      expect(types).toContain(type);
    }
    // Every event type's schema first, so the document is added to ajv (and compiled) once.
    for (const type of types) {
      schemas.ref("Event", type);
    }
    for (const event of all.data) {
      await server.stripe.events.retrieve(event.id);
      const answer = server.responses.at(-1);
      const validate = validator("Event", "object", event.type);
      validate(JSON.parse(answer?.body ?? "null"));
      expect(problems(validate), `${event.type} ${event.id}`).toEqual([]);
    }
    expect(hooks.received.length).toBeGreaterThan(0);
    for (const delivery of hooks.received) {
      const validate = validator("Event", "object", delivery.type);
      validate(JSON.parse(delivery.body));
      expect(problems(validate), `webhook ${delivery.type}`).toEqual([]);
    }
  });
});
