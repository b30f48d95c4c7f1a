import { Ajv, type ValidateFunction } from "ajv";
import type Stripe from "stripe";
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

  it("subscriptions canceled at once", async () => {
    await server.stripe.subscriptions.cancel(subscription.id);
    lastAnswerIs("Subscription");
  });

  it("events: listed, filtered by created, retrieved, and as delivered to webhooks", async () => {
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

    for (const event of all.data) {
      await server.stripe.events.retrieve(event.id);
      const answer = server.responses.at(-1);
      const validate = validator("Event", "object", event.type);
      validate(JSON.parse(answer?.body ?? "null"));
      expect(problems(validate), `${event.type} ${event.id}`).toEqual([]);
    }
    await fetch(`${server.url}/_emulator/stripe/test/webhooks/idle`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(hooks.received.length).toBeGreaterThan(0);
    for (const delivery of hooks.received) {
      const validate = validator("Event", "object", delivery.type);
      validate(JSON.parse(delivery.body));
      expect(problems(validate), `webhook ${delivery.type}`).toEqual([]);
    }
  });
});
