import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorServer, startEmulatorServer } from "./test-support/server";
import { startWebhookCollector } from "./test-support/webhook-collector";

type Collector = Awaited<ReturnType<typeof startWebhookCollector>>;

let server: EmulatorServer;
let hooks: Collector;

async function hostedPost(url: string, form: Record<string, string> = {}): Promise<Response> {
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
}

/** A PKR top-up through hosted Checkout that saves the card: the flow the app's top-up uses. */
async function topUp(customer: Stripe.Customer, card: string, amount = 500_000) {
  const session = await server.stripe.checkout.sessions.create({
    mode: "payment",
    customer: customer.id,
    line_items: [
      {
        price_data: { currency: "pkr", unit_amount: amount, product_data: { name: "Credit" } },
        quantity: 1,
      },
    ],
    payment_intent_data: { setup_future_usage: "off_session", metadata: { kind: "topup" } },
    metadata: { account_id: customer.metadata.account_id ?? "" },
    success_url: "http://app.test/credit?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/credit",
  });
  const paid = await hostedPost(`${session.url}/pay`, { card });
  return { session, paid };
}

async function customer(email: string) {
  return server.stripe.customers.create({ email, metadata: { account_id: email } });
}

function eventsFor(id: string) {
  return hooks.received
    .filter((entry) => entry.body.includes(id))
    .map((entry) =>
      server.stripe.webhooks.constructEvent(entry.body, entry.signature, server.webhookSecret),
    );
}

beforeAll(async () => {
  hooks = await startWebhookCollector();
  server = await startEmulatorServer({ webhookEndpoint: () => hooks.url });
});

afterAll(async () => {
  await server.close();
  await hooks.close();
});

describe("payments through the Stripe emulator", () => {
  it("tops up through Checkout in payment mode, saves the card and sends the three webhooks", async () => {
    const payer = await customer("topup@example.com");
    const { session, paid } = await topUp(payer, "4242 4242 4242 4242");
    expect(session).toMatchObject({ mode: "payment", amount_total: 500_000, currency: "pkr" });
    expect(session.url).toBe(`${server.url}/_emulator/stripe/checkout/${session.id}`);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://app.test/credit?session_id=${session.id}`);
    const done = await server.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge"],
    });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", customer: payer.id });
    const intent = done.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      status: "succeeded",
      amount: 500_000,
      amount_received: 500_000,
      currency: "pkr",
      customer: payer.id,
      setup_future_usage: "off_session",
      metadata: { kind: "topup" },
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      status: "succeeded",
      paid: true,
      amount: 500_000,
      amount_refunded: 0,
    });
    const methods = await server.stripe.customers.listPaymentMethods(payer.id);
    expect(methods.data.map((method) => method.id)).toEqual([intent.payment_method]);
    expect(methods.data[0]?.card).toMatchObject({ last4: "4242", brand: "visa" });
    const listed = await server.stripe.paymentMethods.list({ customer: payer.id, type: "card" });
    expect(listed.data).toHaveLength(1);

    await server.emulator.idle();
    const types = eventsFor(intent.id).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["payment_intent.succeeded", "charge.succeeded"]));
    const completed = eventsFor(session.id).find(
      (event) => event.type === "checkout.session.completed",
    );
    expect(completed?.data.object).toMatchObject({
      payment_status: "paid",
      payment_intent: intent.id,
    });
  });

  it("refuses amounts under Stripe's minimum charge for PKR with amount_too_small", async () => {
    const payer = await customer("small@example.com");
    await expect(topUp(payer, "4242424242424242", 13_999)).rejects.toMatchObject({
      statusCode: 400,
      code: "amount_too_small",
    });
    await expect(
      server.stripe.paymentIntents.create({ amount: 10_000, currency: "pkr" }),
    ).rejects.toMatchObject({ statusCode: 400, code: "amount_too_small", param: "amount" });
    const least = await server.stripe.paymentIntents.create({ amount: 14_000, currency: "pkr" });
    expect(least.status).toBe("requires_payment_method");
  });

  it("keeps a declined Checkout attempt and lets the customer pay with another card", async () => {
    const payer = await customer("declined-topup@example.com");
    const { session, paid } = await topUp(payer, "4000 0000 0000 0002");
    expect(paid.status).toBe(402);
    expect(await paid.text()).toContain("Your card was declined.");
    const open = await server.stripe.checkout.sessions.retrieve(session.id);
    expect(open).toMatchObject({ status: "open", payment_status: "unpaid" });
    const failed = await server.stripe.paymentIntents.retrieve(String(open.payment_intent));
    expect(failed).toMatchObject({
      status: "requires_payment_method",
      last_payment_error: { code: "card_declined", decline_code: "generic_decline" },
    });
    const retry = await hostedPost(`${session.url}/pay`, { card: "4242424242424242" });
    expect(retry.status).toBe(303);
    const paidIntent = await server.stripe.paymentIntents.retrieve(failed.id);
    expect(paidIntent.status).toBe("succeeded");
    const charges = await server.stripe.charges.list({ payment_intent: failed.id });
    expect(charges.data.map((charge) => charge.status)).toEqual(["succeeded", "failed"]);
    await server.emulator.idle();
    expect(eventsFor(failed.id).map((event) => event.type)).toContain(
      "payment_intent.payment_failed",
    );
  });

  it("charges a saved card off session: succeeds, declines (402, idempotent) and honours the default", async () => {
    const payer = await customer("offsession@example.com");
    await topUp(payer, "4242424242424242");
    const [saved] = (await server.stripe.customers.listPaymentMethods(payer.id)).data;
    if (!saved) throw new Error("no saved card");
    const updated = await server.stripe.customers.update(payer.id, {
      invoice_settings: { default_payment_method: saved.id },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(saved.id);
    const recharge = await server.stripe.paymentIntents.create({
      amount: 200_000,
      currency: "pkr",
      customer: payer.id,
      payment_method: String(updated.invoice_settings.default_payment_method),
      off_session: true,
      confirm: true,
      metadata: { kind: "auto_recharge" },
    });
    expect(recharge).toMatchObject({ status: "succeeded", amount_received: 200_000 });
    expect(typeof recharge.latest_charge).toBe("string");

    const failing = await server.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", {
      customer: payer.id,
    });
    const attempt = () =>
      server.stripe.paymentIntents.create(
        {
          amount: 200_000,
          currency: "pkr",
          customer: payer.id,
          payment_method: failing.id,
          off_session: true,
          confirm: true,
        },
        { idempotencyKey: `recharge-${payer.id}-1` },
      );
    const first = await attempt().catch((error: unknown) => error);
    expect(first).toMatchObject({
      type: "StripeCardError",
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
    });
    const declined = (first as Stripe.errors.StripeCardError).payment_intent;
    expect(declined?.status).toBe("requires_payment_method");
    const again = await attempt().catch((error: unknown) => error);
    expect((again as Stripe.errors.StripeCardError).payment_intent?.id).toBe(declined?.id);
    const all = await server.stripe.paymentIntents.list({ customer: payer.id });
    expect(all.data.filter((intent) => intent.status === "requires_payment_method")).toHaveLength(
      1,
    );
    await server.emulator.idle();
    expect(eventsFor(String(declined?.id)).map((event) => event.type)).toContain(
      "payment_intent.payment_failed",
    );
  });

  it("asks for authentication: off session a 402 authentication_required, on session requires_action", async () => {
    const payer = await customer("auth@example.com");
    await topUp(payer, "4000 0027 6000 3184");
    const [card] = (await server.stripe.customers.listPaymentMethods(payer.id)).data;
    const offSession = await server.stripe.paymentIntents
      .create({
        amount: 200_000,
        currency: "pkr",
        customer: payer.id,
        payment_method: String(card?.id),
        off_session: true,
        confirm: true,
      })
      .catch((error: unknown) => error);
    expect(offSession).toMatchObject({
      statusCode: 402,
      code: "authentication_required",
      decline_code: "authentication_required",
    });
    const intent = (offSession as Stripe.errors.StripeCardError).payment_intent;
    expect(intent?.last_payment_error?.code).toBe("authentication_required");

    // The customer comes back on session: 3D Secure on the hosted page, then it succeeds.
    const onSession = await server.stripe.paymentIntents.confirm(String(intent?.id), {
      payment_method: String(card?.id),
      return_url: "http://app.test/credit/authenticated",
    });
    expect(onSession.status).toBe("requires_action");
    const challenge = String(onSession.next_action?.redirect_to_url?.url);
    expect(challenge).toBe(`${server.url}/_emulator/stripe/authenticate/${onSession.id}`);
    expect((await fetch(challenge)).status).toBe(200);
    const completed = await hostedPost(`${challenge}/complete`);
    expect(completed.headers.get("location")).toBe(
      `http://app.test/credit/authenticated?payment_intent=${onSession.id}`,
    );
    expect((await server.stripe.paymentIntents.retrieve(onSession.id)).status).toBe("succeeded");
  });

  it("treats 4000 0025 0000 3155 as Stripe does: set up at checkout it pays off session, else not", async () => {
    const payer = await customer("3155@example.com");
    const { paid } = await topUp(payer, "4000002500003155");
    expect(paid.status).toBe(303);
    const [setUp] = (await server.stripe.customers.listPaymentMethods(payer.id)).data;
    const ok = await server.stripe.paymentIntents.create({
      amount: 200_000,
      currency: "pkr",
      customer: payer.id,
      payment_method: String(setUp?.id),
      off_session: true,
      confirm: true,
    });
    expect(ok.status).toBe("succeeded");
    const bare = await server.stripe.paymentMethods.create({
      type: "card",
      card: { number: "4000002500003155", exp_month: 12, exp_year: 2040, cvc: "123" },
    });
    await server.stripe.paymentMethods.attach(bare.id, { customer: payer.id });
    await expect(
      server.stripe.paymentIntents.create({
        amount: 200_000,
        currency: "pkr",
        customer: payer.id,
        payment_method: bare.id,
        off_session: true,
        confirm: true,
      }),
    ).rejects.toMatchObject({ statusCode: 402, code: "authentication_required" });
  });

  it("creates, confirms, lists and cancels PaymentIntents", async () => {
    const payer = await customer("pi@example.com");
    const created = await server.stripe.paymentIntents.create({
      amount: 50_000,
      currency: "pkr",
      customer: payer.id,
      metadata: { order: "1" },
    });
    expect(created).toMatchObject({
      status: "requires_payment_method",
      client_secret: expect.stringContaining("_secret_"),
    });
    const confirmed = await server.stripe.paymentIntents.confirm(created.id, {
      payment_method: "pm_card_visa",
    });
    expect(confirmed.status).toBe("succeeded");
    await expect(server.stripe.paymentIntents.cancel(created.id)).rejects.toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
    });
    const other = await server.stripe.paymentIntents.create({ amount: 50_000, currency: "pkr" });
    const canceled = await server.stripe.paymentIntents.cancel(other.id, {
      cancellation_reason: "abandoned",
    });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    const listed = await server.stripe.paymentIntents.list({ customer: payer.id });
    expect(listed.data.map((intent) => intent.id)).toEqual([created.id]);
    await expect(server.stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it("refunds in part by PaymentIntent and the rest by charge, updating the charge", async () => {
    const payer = await customer("refund@example.com");
    const { session } = await topUp(payer, "4242424242424242", 300_000);
    const intent = String(
      (await server.stripe.checkout.sessions.retrieve(session.id)).payment_intent,
    );
    const partial = await server.stripe.refunds.create({ payment_intent: intent, amount: 100_000 });
    expect(partial).toMatchObject({ status: "succeeded", amount: 100_000, payment_intent: intent });
    const charge = await server.stripe.charges.retrieve(String(partial.charge));
    expect(charge).toMatchObject({ amount_refunded: 100_000, refunded: false });
    await expect(
      server.stripe.refunds.create({ charge: charge.id, amount: 250_000 }),
    ).rejects.toMatchObject({ statusCode: 400, code: "amount_too_large" });
    const rest = await server.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(200_000);
    const after = await server.stripe.charges.retrieve(charge.id);
    expect(after).toMatchObject({ amount_refunded: 300_000, refunded: true });
    const listed = await server.stripe.refunds.list({ payment_intent: intent });
    expect(listed.data.map((refund) => refund.id)).toEqual([rest.id, partial.id]);
    expect((await server.stripe.refunds.retrieve(rest.id)).amount).toBe(200_000);
    await expect(server.stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });
    await server.emulator.idle();
    const types = eventsFor(charge.id).map((event) => event.type);
    expect(types.filter((type) => type === "charge.refunded")).toHaveLength(2);
    expect(types.filter((type) => type === "refund.created")).toHaveLength(2);
  });

  it("renews with the card on file: a card updated in the portal to one that fails fails the renewal", async () => {
    const price = await server.stripe.prices.create({
      product_data: { name: "Starter" },
      currency: "pkr",
      unit_amount: 800_000,
      recurring: { interval: "month" },
    });
    const payer = await customer("renew@example.com");
    const session = await server.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: payer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.test/done",
    });
    await hostedPost(`${session.url}/pay`, { card: "4242424242424242" });
    const sub = await server.stripe.subscriptions.retrieve(
      String((await server.stripe.checkout.sessions.retrieve(session.id)).subscription),
    );
    expect(typeof sub.default_payment_method).toBe("string");
    await testHook(`/subscriptions/${sub.id}/advance`);
    expect((await server.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    const configuration = await server.stripe.billingPortal.configurations.create({
      features: { payment_method_update: { enabled: true } },
    });
    const portal = await server.stripe.billingPortal.sessions.create({
      customer: payer.id,
      configuration: configuration.id,
    });
    const changed = await hostedPost(`${portal.url}/card`, { card: "4000000000000341" });
    expect(changed.status).toBe(303);
    const now = await server.stripe.customers.retrieve(payer.id);
    const defaultMethod = (now as Stripe.Customer).invoice_settings.default_payment_method;
    expect((await server.stripe.paymentMethods.retrieve(String(defaultMethod))).card?.last4).toBe(
      "0341",
    );
    await testHook(`/subscriptions/${sub.id}/advance`);
    expect((await server.stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
  });
});
