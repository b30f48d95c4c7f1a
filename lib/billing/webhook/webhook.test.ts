import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANS } from "@/lib/plans/plans";
import { db } from "@/lib/services";
import { runtimeGateway } from "@/lib/services/gateway";
import { billingDeps } from "../deps";
import { sweepBilling } from "../sweeper";
import { type BillingFixture, startBillingFixture } from "../test-support/billing-fixture";
import { deliver, lastEvent, testHook } from "../test-support/events";
import { subscribe } from "../test-support/subscribe";
import { handleWebhookRequest } from "./handle-request";

let fixture: BillingFixture;
let counter = 0;

async function newAccount() {
  counter += 1;
  const email = `user${counter}@billing.test`;
  return { email, ...(await fixture.createAccount(email)) };
}

async function account(accountId: string) {
  return db().account.findUniqueOrThrow({
    where: { id: accountId },
    select: { plan: true, graceUntil: true },
  });
}

async function planChanges(accountId: string) {
  return db().auditLog.findMany({
    where: { accountId, action: "account.plan_change" },
    orderBy: { createdAt: "asc" },
  });
}

beforeAll(async () => {
  fixture = await startBillingFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe("POST /api/stripe/webhook", () => {
  it("refuses a bad signature with 400 and changes nothing", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId } = await subscribe(fixture, accountId, email, "starter");
    const event = await lastEvent(fixture, sessionId, "checkout.session.completed");
    const forged = await deliver(fixture, event, { secret: "whsec_not_the_secret" });
    expect(forged.status).toBe(400);
    expect(String(forged.body.error)).toMatch(/signature/i);
    const tampered = JSON.stringify(event).replace('"livemode":false', '"livemode":true');
    const signedOriginal = fixture.stripe.webhooks.generateTestHeaderString({
      payload: JSON.stringify(event),
      secret: fixture.webhookSecret,
    });
    const { POST } = await import("@/app/api/stripe/webhook/route");
    const swapped = await POST(
      new Request("http://x/api/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": signedOriginal },
        body: tampered,
      }),
    );
    expect(swapped.status).toBe(400);
    const unsigned = await POST(
      new Request("http://x/api/stripe/webhook", { method: "POST", body: JSON.stringify(event) }),
    );
    expect(unsigned.status).toBe(400);
    expect((await account(accountId)).plan).toBe("free");
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it("refuses a stale timestamp (older than 300 s) with 400", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId } = await subscribe(fixture, accountId, email, "starter");
    const event = await lastEvent(fixture, sessionId, "checkout.session.completed");
    const stale = await deliver(fixture, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(400);
    expect(String(stale.body.error)).toMatch(/tolerance/i);
    expect((await account(accountId)).plan).toBe("free");
    const fresh = await deliver(fixture, event, { timestamp: Math.floor(Date.now() / 1000) - 200 });
    expect(fresh.status).toBe(200);
    expect((await account(accountId)).plan).toBe("starter");
  });

  it("moves the account on checkout.session.completed: plan, invoice in paisa, audit, gateway cache", async () => {
    const { accountId, email } = await newAccount();
    const cache = runtimeGateway().keyCache;
    cache.storeAccount(
      {
        id: accountId,
        plan: "free",
        terms: {
          id: "free",
          versionId: null,
          rank: 0,
          limits: PLANS.free.limits,
          models: null,
          overageAllowed: false,
        },
        status: "active",
        limitRpm: null,
        limitRpd: null,
        limitTpd: null,
        limitMaxTokens: null,
        ownerVerified: true,
      },
      cache.epoch,
    );
    const { sessionId, subscriptionId, invoiceId } = await subscribe(
      fixture,
      accountId,
      email,
      "starter",
    );
    const result = await deliver(
      fixture,
      await lastEvent(fixture, sessionId, "checkout.session.completed"),
    );
    expect(result).toMatchObject({ status: 200, body: { received: true, status: "processed" } });
    expect((await account(accountId)).plan).toBe("starter");
    expect(cache.account(accountId)).toBeUndefined();
    const invoice = await db().invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    expect(invoice).toMatchObject({
      accountId,
      subscriptionId,
      status: "paid",
      amountPaid: 500_000,
      currency: "pkr",
    });
    expect(invoice.hostedUrl).toContain(`/_emulator/stripe/invoices/${invoiceId}`);
    expect(invoice.periodEnd.getTime()).toBeGreaterThan(invoice.periodStart.getTime());
    const mirror = await db().subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(mirror).toMatchObject({
      status: "active",
      plan: "starter",
      amountPaisa: 500_000,
      currency: "pkr",
    });
    const [audit] = await planChanges(accountId);
    expect(audit).toMatchObject({ actorType: "system", details: { from: "free", to: "starter" } });
  });

  it("applies the same event delivered twice at once only once", async () => {
    const { accountId, email } = await newAccount();
    const { invoiceId } = await subscribe(fixture, accountId, email, "pro");
    const event = await lastEvent(fixture, invoiceId, "invoice.paid");
    const results = await Promise.all([
      deliver(fixture, event),
      deliver(fixture, event),
      deliver(fixture, event),
    ]);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200]);
    const statuses = results.map((result) => result.body.status).sort();
    expect(statuses).toEqual(["duplicate", "duplicate", "processed"]);
    expect((await account(accountId)).plan).toBe("pro");
    expect(await planChanges(accountId)).toHaveLength(1);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(1);
    expect(await db().invoice.count({ where: { accountId } })).toBe(1);
    const again = await deliver(fixture, event);
    expect(again.body.status).toBe("duplicate");
    expect(await planChanges(accountId)).toHaveLength(1);
    // The customer's invoice.paid alert (mail and webhooks) is raised once too.
    const alerts = await db().accountEvent.findMany({ where: { accountId, type: "invoice.paid" } });
    expect(alerts.map((alert) => alert.payload)).toEqual([
      expect.objectContaining({ invoice_id: invoiceId }),
    ]);
  });

  it("ends in Stripe's state when updated(pro) arrives after deleted", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, subscriptionId } = await subscribe(fixture, accountId, email, "starter");
    await deliver(fixture, await lastEvent(fixture, sessionId, "checkout.session.completed"));
    const sub = await fixture.stripe.subscriptions.retrieve(subscriptionId);
    const { prices } = await (await import("../catalog")).catalog(db(), fixture.stripe);
    await fixture.stripe.subscriptions.update(subscriptionId, {
      items: [{ id: sub.items.data[0]?.id, price: prices.pro }],
    });
    const updated = await lastEvent(fixture, subscriptionId, "customer.subscription.updated");
    await fixture.stripe.subscriptions.cancel(subscriptionId);
    const deleted = await lastEvent(fixture, subscriptionId, "customer.subscription.deleted");

    expect((await deliver(fixture, deleted)).status).toBe(200);
    expect((await account(accountId)).plan).toBe("free");
    // The late update says "pro, active" — but Stripe now says canceled, and Stripe wins.
    expect(updated.data.object).toMatchObject({ status: "active" });
    expect((await deliver(fixture, updated)).status).toBe(200);
    expect((await account(accountId)).plan).toBe("free");
    const stripeNow = await fixture.stripe.subscriptions.retrieve(subscriptionId);
    const mirror = await db().subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(mirror).toMatchObject({ status: stripeNow.status, plan: "pro", priceId: prices.pro });
  });

  it("answers 5xx while the database is down, and the redelivery after recovery ends right", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId } = await subscribe(fixture, accountId, email, "pro");
    const event = await lastEvent(fixture, sessionId, "checkout.session.completed");
    const name = new URL(fixture.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({
      connectionString: fixture.databaseUrl.replace(`/${name}`, "/postgres"),
    });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        [name],
      );
      const down = await deliver(fixture, event);
      expect(down.status).toBeGreaterThanOrEqual(500);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await account(accountId)).plan).toBe("free");
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);
    const redelivered = await deliver(fixture, event);
    expect(redelivered).toMatchObject({ status: 200, body: { status: "processed" } });
    expect((await account(accountId)).plan).toBe("pro");
  });

  it("rolls back the stored event when Stripe cannot be reached mid-transaction, so the retry applies it", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId } = await subscribe(fixture, accountId, email, "starter");
    const event = await lastEvent(fixture, sessionId, "checkout.session.completed");
    const payload = JSON.stringify(event);
    const signature = fixture.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: fixture.webhookSecret,
    });
    const Stripe = (await import("stripe")).default;
    const unreachable = new Stripe("sk_test_x", {
      host: "127.0.0.1",
      port: 1,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const response = await handleWebhookRequest(
      new Request("http://x/api/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": signature },
        body: payload,
      }),
      () => ({ ...billingDeps(), stripe: unreachable }),
      fixture.webhookSecret,
    );
    expect(response.status).toBe(500);
    // Nothing applied; the failure is on record for the admin, and does not count as done.
    expect(await db().stripeEvent.findUnique({ where: { id: event.id } })).toMatchObject({
      status: "failed",
      error: expect.stringContaining("StripeConnectionError"),
    });
    expect((await account(accountId)).plan).toBe("free");
    expect(await planChanges(accountId)).toHaveLength(0);
    expect((await deliver(fixture, event)).body.status).toBe("processed");
    expect((await account(accountId)).plan).toBe("starter");
  });

  it("keeps the plan through the grace period after invoice.payment_failed, then falls to Free", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, subscriptionId } = await subscribe(fixture, accountId, email, "starter");
    await deliver(fixture, await lastEvent(fixture, sessionId, "checkout.session.completed"));
    await testHook(fixture, `/subscriptions/${subscriptionId}/advance`, { outcome: "failed" });
    const failedInvoice = (
      await fixture.stripe.invoices.list({ subscription: subscriptionId, status: "open" })
    ).data[0];
    const failed = await lastEvent(fixture, String(failedInvoice?.id), "invoice.payment_failed");
    const before = Date.now();
    expect((await deliver(fixture, failed)).body.status).toBe("processed");
    const inGrace = await account(accountId);
    expect(inGrace.plan).toBe("starter");
    expect(
      await db().accountEvent.count({ where: { accountId, type: "invoice.payment_failed" } }),
    ).toBe(1);
    const graceMs = (inGrace.graceUntil?.getTime() ?? 0) - before;
    expect(graceMs).toBeGreaterThan(3 * 86_400_000 - 60_000);
    expect(graceMs).toBeLessThan(3 * 86_400_000 + 60_000);
    expect(
      await db().invoice.findUniqueOrThrow({ where: { id: String(failedInvoice?.id) } }),
    ).toMatchObject({
      status: "open",
      amountPaid: 0,
    });

    const graceEnd = inGrace.graceUntil ?? new Date();
    expect(
      await sweepBilling({ ...billingDeps(), now: () => new Date(graceEnd.getTime() - 1_000) }),
    ).toBe(0);
    expect((await account(accountId)).plan).toBe("starter");
    expect(
      await sweepBilling({ ...billingDeps(), now: () => new Date(graceEnd.getTime() + 1_000) }),
    ).toBe(1);
    expect((await account(accountId)).plan).toBe("free");
    expect((await planChanges(accountId)).at(-1)?.details).toMatchObject({
      to: "free",
      reason: "past_due, grace period over",
    });

    // The customer pays after all: invoice.paid brings the plan back and ends the grace period.
    await fixture.stripe.invoices.pay(String(failedInvoice?.id));
    await deliver(fixture, await lastEvent(fixture, String(failedInvoice?.id), "invoice.paid"));
    expect(await account(accountId)).toMatchObject({ plan: "starter", graceUntil: null });
  });

  it("checks the grace period on sync too: a past_due event after it ended leaves the account Free", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, subscriptionId } = await subscribe(fixture, accountId, email, "pro");
    await deliver(fixture, await lastEvent(fixture, sessionId, "checkout.session.completed"));
    await testHook(fixture, `/subscriptions/${subscriptionId}/advance`, { outcome: "failed" });
    const updated = await lastEvent(fixture, subscriptionId, "customer.subscription.updated");
    const later = { ...billingDeps(), now: () => new Date(Date.now() + 2 * 86_400_000) };
    await db().account.update({
      where: { id: accountId },
      data: { graceUntil: new Date(Date.now() + 86_400_000) },
    });
    const payload = JSON.stringify(updated);
    const signature = fixture.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: fixture.webhookSecret,
    });
    const response = await handleWebhookRequest(
      new Request("http://x/api/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": signature },
        body: payload,
      }),
      () => later,
      fixture.webhookSecret,
    );
    expect(response.status).toBe(200);
    expect((await account(accountId)).plan).toBe("free");
  });

  it("keeps a plan canceled at period end until the period ends, then Free", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, subscriptionId } = await subscribe(fixture, accountId, email, "starter");
    await deliver(fixture, await lastEvent(fixture, sessionId, "checkout.session.completed"));
    await fixture.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await deliver(
      fixture,
      await lastEvent(fixture, subscriptionId, "customer.subscription.updated"),
    );
    expect((await account(accountId)).plan).toBe("starter");
    const mirror = await db().subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(mirror.cancelAtPeriodEnd).toBe(true);
    // No event yet, but the period is over: the sweeper ends it.
    const after = {
      ...billingDeps(),
      now: () => new Date(mirror.currentPeriodEnd.getTime() + 1_000),
    };
    expect(await sweepBilling(after)).toBe(1);
    expect((await account(accountId)).plan).toBe("free");
    await testHook(fixture, `/subscriptions/${subscriptionId}/advance`);
    expect(
      (
        await deliver(
          fixture,
          await lastEvent(fixture, subscriptionId, "customer.subscription.deleted"),
        )
      ).status,
    ).toBe(200);
    expect((await account(accountId)).plan).toBe("free");
  });

  it("drops a paused subscription to Free and restores the plan when it resumes", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, subscriptionId } = await subscribe(fixture, accountId, email, "pro");
    await deliver(fixture, await lastEvent(fixture, sessionId, "checkout.session.completed"));
    await testHook(fixture, `/subscriptions/${subscriptionId}/pause`);
    await deliver(
      fixture,
      await lastEvent(fixture, subscriptionId, "customer.subscription.paused"),
    );
    expect((await account(accountId)).plan).toBe("free");
    await fixture.stripe.subscriptions.resume(subscriptionId);
    await deliver(
      fixture,
      await lastEvent(fixture, subscriptionId, "customer.subscription.resumed"),
    );
    expect((await account(accountId)).plan).toBe("pro");
  });

  it("acknowledges events it does not act on", async () => {
    const { accountId, email } = await newAccount();
    const { invoiceId } = await subscribe(fixture, accountId, email, "starter");
    const created = await lastEvent(fixture, invoiceId, "invoice.created");
    expect(await deliver(fixture, created)).toMatchObject({
      status: 200,
      body: { status: "ignored" },
    });
    expect((await account(accountId)).plan).toBe("free");
  });
});
