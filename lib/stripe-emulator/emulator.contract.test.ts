import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StripeEmulator } from "./emulator";
import { type EmulatorServer, startEmulatorServer } from "./test-support/server";
import { startWebhookCollector } from "./test-support/webhook-collector";
import { ApiVersion } from "./version";

type Collector = Awaited<ReturnType<typeof startWebhookCollector>>;

let server: EmulatorServer;
let hooks: Collector;
let starter: Stripe.Price;
let pro: Stripe.Price;

async function hostedPost(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
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
  return response.json();
}

async function subscribe(price: Stripe.Price, email: string) {
  const customer = await server.stripe.customers.create({ email, metadata: { account_id: email } });
  const session = await server.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "http://app.test/done?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/cancel",
  });
  const paid = await hostedPost(`${session.url}/pay`, { card: "4242 4242 4242 4242" });
  expect(paid.status).toBe(303);
  const done = await server.stripe.checkout.sessions.retrieve(session.id);
  const subscription = await server.stripe.subscriptions.retrieve(String(done.subscription));
  return { customer, session, paid, done, subscription };
}

beforeAll(async () => {
  hooks = await startWebhookCollector();
  server = await startEmulatorServer({ webhookEndpoint: () => hooks.url });
  const product = await server.stripe.products.create({ name: "Starter" });
  starter = await server.stripe.prices.create({
    product: product.id,
    currency: "pkr",
    unit_amount: 500_000,
    recurring: { interval: "month" },
    lookup_key: "starter_test",
  });
  pro = await server.stripe.prices.create({
    product_data: { name: "Pro" },
    currency: "pkr",
    unit_amount: 2_500_000,
    recurring: { interval: "month" },
    lookup_key: "pro_test",
  });
});

afterAll(async () => {
  await server.close();
  await hooks.close();
});

describe("Stripe emulator through stripe-node", () => {
  it("speaks the API version this SDK pins", () => {
    expect(ApiVersion).toBe(Stripe.API_VERSION);
  });

  it("refuses a wrong API key the way Stripe does", async () => {
    const url = new URL(server.url);
    const wrong = new Stripe("sk_test_wrong", {
      host: url.hostname,
      port: url.port,
      protocol: "http",
    });
    await expect(wrong.customers.list()).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      statusCode: 401,
    });
  });

  it("creates, finds by metadata, updates and lists customers", async () => {
    const created = await server.stripe.customers.create({
      email: "a@example.com",
      metadata: { account_id: "acc_1" },
    });
    expect(created).toMatchObject({
      object: "customer",
      email: "a@example.com",
      metadata: { account_id: "acc_1" },
    });
    const found = await server.stripe.customers.search({ query: "metadata['account_id']:'acc_1'" });
    expect(found.data.map((customer) => customer.id)).toEqual([created.id]);
    const updated = await server.stripe.customers.update(created.id, {
      name: "Ayesha",
      metadata: { plan: "x" },
    });
    expect(updated.metadata).toEqual({ account_id: "acc_1", plan: "x" });
    const listed = await server.stripe.customers.list({ email: "a@example.com" });
    expect(listed.data[0]?.id).toBe(created.id);
    await expect(server.stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
    });
  });

  it("refuses unknown parameters and bad types", async () => {
    await expect(
      server.stripe.customers.create({
        email: "b@example.com",
        nonsense: "1",
      } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "nonsense" });
  });

  it("finds prices by lookup key, expands their product, keeps lookup keys unique", async () => {
    const prices = await server.stripe.prices.list({
      lookup_keys: ["starter_test"],
      expand: ["data.product"],
    });
    expect(prices.data).toHaveLength(1);
    const [price] = prices.data;
    expect(price).toMatchObject({
      id: starter.id,
      unit_amount: 500_000,
      currency: "pkr",
      recurring: { interval: "month" },
    });
    expect(price?.product).toMatchObject({ object: "product", name: "Starter" });
    const again = {
      currency: "pkr",
      unit_amount: 1,
      product: String(starter.product),
      lookup_key: "starter_test",
    };
    await expect(server.stripe.prices.create(again)).rejects.toMatchObject({ statusCode: 400 });
    const moved = await server.stripe.prices.create({
      ...again,
      lookup_key: "moving",
      transfer_lookup_key: true,
    });
    const moved2 = await server.stripe.prices.create({
      ...again,
      lookup_key: "moving",
      transfer_lookup_key: true,
    });
    const holder = await server.stripe.prices.list({ lookup_keys: ["moving"] });
    expect(holder.data.map((entry) => entry.id)).toEqual([moved2.id]);
    expect((await server.stripe.prices.retrieve(moved.id)).lookup_key).toBeNull();
  });

  it("replays a request sent again with the same idempotency key, refuses other params", async () => {
    const first = await server.stripe.customers.create(
      { email: "idem@example.com" },
      { idempotencyKey: "k-1" },
    );
    const second = await server.stripe.customers.create(
      { email: "idem@example.com" },
      { idempotencyKey: "k-1" },
    );
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expect(
      server.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "k-1" }),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });
  });

  it("runs a subscription Checkout end to end with signed webhooks", async () => {
    const { session, paid, done, subscription } = await subscribe(starter, "checkout@example.com");
    expect(session.url).toBe(`${server.url}/_emulator/stripe/checkout/${session.id}`);
    expect(paid.headers.get("location")).toBe(`http://app.test/done?session_id=${session.id}`);
    expect(done).toMatchObject({
      status: "complete",
      payment_status: "paid",
      url: null,
      amount_total: 500_000,
    });
    expect(subscription.status).toBe("active");
    const item = subscription.items.data[0];
    expect(item?.price.id).toBe(starter.id);
    expect(item && item.current_period_end > item.current_period_start).toBe(true);
    const invoices = await server.stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data[0]).toMatchObject({
      status: "paid",
      amount_paid: 500_000,
      currency: "pkr",
      billing_reason: "subscription_create",
      parent: { subscription_details: { subscription: subscription.id } },
    });
    await server.emulator.idle();
    const events = hooks.received.filter(
      (entry) => entry.body.includes(subscription.id) || entry.body.includes(session.id),
    );
    const types = events.map((entry) => entry.type);
    for (const type of [
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]) {
      expect(types).toContain(type);
    }
    for (const entry of events) {
      const event = server.stripe.webhooks.constructEvent(
        entry.body,
        entry.signature,
        server.webhookSecret,
      );
      expect(event.api_version).toBe(ApiVersion);
    }
  });

  it("shows the hosted checkout page and declines the decline test card", async () => {
    const customer = await server.stripe.customers.create({ email: "decline@example.com" });
    const session = await server.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: starter.id, quantity: 1 }],
      success_url: "http://app.test/done",
    });
    const page = await fetch(String(session.url));
    expect(await page.text()).toContain("PKR 5,000.00");
    const declined = await hostedPost(`${session.url}/pay`, { card: "4000 0000 0000 0002" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    const after = await server.stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ status: "open", subscription: null });
    expect((await server.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(
      0,
    );
    const expired = await server.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    expect((await hostedPost(`${session.url}/pay`, { card: "4242424242424242" })).status).toBe(400);
  });

  it("lets the portal switch plans and cancel at period end; the period end ends it", async () => {
    const { customer, subscription } = await subscribe(starter, "portal@example.com");
    const configuration = await server.stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: [
            { product: String(starter.product), prices: [starter.id] },
            { product: String(pro.product), prices: [pro.id] },
          ],
        },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
      },
    });
    await expect(
      server.stripe.billingPortal.sessions.create({ customer: customer.id }),
    ).rejects.toMatchObject({
      statusCode: 400,
    });
    const portal = await server.stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: configuration.id,
      return_url: "http://app.test/billing",
    });
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Switch to Pro");
    const switched = await hostedPost(`${portal.url}/switch`, {
      subscription: subscription.id,
      price: pro.id,
    });
    expect(switched.status).toBe(303);
    const afterSwitch = await server.stripe.subscriptions.retrieve(subscription.id);
    expect(afterSwitch.items.data[0]?.price.id).toBe(pro.id);
    await hostedPost(`${portal.url}/cancel`, { subscription: subscription.id });
    const scheduled = await server.stripe.subscriptions.retrieve(subscription.id);
    expect(scheduled).toMatchObject({ status: "active", cancel_at_period_end: true });
    await testHook(`/subscriptions/${subscription.id}/advance`);
    const ended = await server.stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe("canceled");
    expect((await server.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(
      0,
    );
    expect(
      (await server.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data,
    ).toHaveLength(1);
    await server.emulator.idle();
    const updated = hooks.received
      .filter(
        (entry) =>
          entry.type === "customer.subscription.updated" && entry.body.includes(subscription.id),
      )
      .map((entry) => JSON.parse(entry.body) as Stripe.Event);
    expect(
      updated.some(
        (event) => event.data.previous_attributes && "items" in event.data.previous_attributes,
      ),
    ).toBe(true);
    expect(hooks.types()).toContain("customer.subscription.deleted");
  });

  it("fails a renewal into past_due and recovers when the invoice is paid", async () => {
    const { subscription } = await subscribe(starter, "pastdue@example.com");
    await testHook(`/subscriptions/${subscription.id}/advance`, { outcome: "failed" });
    expect((await server.stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    const open = await server.stripe.invoices.list({
      subscription: subscription.id,
      status: "open",
    });
    expect(open.data).toHaveLength(1);
    await server.stripe.invoices.pay(String(open.data[0]?.id));
    expect((await server.stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    await server.emulator.idle();
    expect(hooks.types()).toContain("invoice.payment_failed");
  });

  it("updates and cancels subscriptions through the API", async () => {
    const { subscription } = await subscribe(starter, "api@example.com");
    const item = subscription.items.data[0];
    const upgraded = await server.stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id, price: pro.id }],
      proration_behavior: "create_prorations",
    });
    expect(upgraded.items.data[0]?.price.id).toBe(pro.id);
    const canceled = await server.stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    await expect(
      server.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }),
    ).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it("retries a webhook the endpoint failed", async () => {
    await server.emulator.idle();
    hooks.state.failNext = 1;
    const before = hooks.received.length;
    await server.stripe.customers.create({ email: "retry@example.com" });
    const { subscription } = await subscribe(starter, "retry2@example.com");
    await server.emulator.idle();
    expect(hooks.received.length).toBeGreaterThan(before);
    expect(server.emulator.webhooks.log.some((attempt) => attempt.status === 500)).toBe(true);
    expect(hooks.received.some((entry) => entry.body.includes(subscription.id))).toBe(true);
  });

  it("keeps its state in a file across restarts", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "emulator-")), "state.json");
    const options = {
      apiKey: "sk_test_x",
      webhookSecret: () => "whsec_x",
      webhookEndpoint: () => null,
      publicUrl: () => "http://localhost",
      stateFile: file,
    };
    const first = new StripeEmulator(options);
    const created = await first.handle({
      method: "POST",
      url: "/v1/customers",
      headers: { authorization: "Bearer sk_test_x" },
      body: "email=kept%40example.com",
    });
    const id = (JSON.parse(created.body) as { id: string }).id;
    const second = new StripeEmulator(options);
    const found = await second.handle({
      method: "GET",
      url: `/v1/customers/${id}`,
      headers: { authorization: "Bearer sk_test_x" },
      body: "",
    });
    expect(found.status).toBe(200);
    expect(JSON.parse(found.body)).toMatchObject({ id, email: "kept@example.com" });
  });
});

describe("Stripe emulator time", () => {
  it("expires Checkout sessions after 24 hours and portal links after an hour", async () => {
    let now = Date.now();
    const timed = await startEmulatorServer({ clock: () => now });
    try {
      const price = await timed.stripe.prices.create({
        product_data: { name: "Timed" },
        currency: "pkr",
        unit_amount: 100,
        recurring: { interval: "month" },
      });
      const customer = await timed.stripe.customers.create({ email: "t@example.com" });
      const session = await timed.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.id,
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "http://app.test/ok",
      });
      const configuration = await timed.stripe.billingPortal.configurations.create({
        features: { subscription_cancel: { enabled: true, mode: "at_period_end" } },
      });
      const portal = await timed.stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: configuration.id,
      });
      expect((await fetch(portal.url)).status).toBe(200);
      now += 2 * 60 * 60 * 1000;
      expect((await fetch(portal.url)).status).toBe(410);
      now += 24 * 60 * 60 * 1000;
      expect((await timed.stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
      const events = await timed.stripe.events.list({ type: "checkout.session.expired" });
      expect(events.data).toHaveLength(1);
    } finally {
      await timed.close();
    }
  });
});
