import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf } from "@/lib/credit/reads";
import { outboxMailer } from "@/lib/mail/outbox";
import { db } from "@/lib/services";
import { billingDeps } from "../deps";
import { type BillingFixture, startBillingFixture } from "../test-support/billing-fixture";
import { deliver, lastEvent } from "../test-support/events";
import { topUp } from "../test-support/top-up";
import { MICROS_PER_PAISA } from "./amounts";
import { rechargeIfDue } from "./auto-recharge/charge";
import type { RechargeDeps } from "./auto-recharge/deps";
import { runAutoRecharge } from "./auto-recharge/poll";
import { autoRechargeOf, saveAutoRecharge } from "./auto-recharge/settings";
import { startTopUp } from "./checkout";
import { topUpSchema } from "./schemas";

const PKR = 1_000_000;
let fixture: BillingFixture;
let counter = 0;

async function newAccount() {
  counter += 1;
  const email = `topup${counter}@billing.test`;
  return { email, ...(await fixture.createAccount(email)) };
}

async function topUpEntries(accountId: string) {
  return db().ledgerEntry.findMany({
    where: { accountId, kind: { in: ["topup", "refund"] } },
    orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
  });
}

function rechargeDeps(overrides: Partial<RechargeDeps> = {}): RechargeDeps {
  return {
    ...billingDeps(),
    mailer: outboxMailer(() => undefined),
    retryDelayMs: 0,
    staleMs: 120_000,
    creditPageUrl: "http://app.test/dashboard/credit",
    ...overrides,
  };
}

const actor = { type: "user" as const, id: "u", email: "owner@billing.test" };

/** Turns auto-recharge on for the account (a top-up must have saved its card). */
async function turnOn(accountId: string, thresholdPkr: number, amountPkr: number, maxFailures = 3) {
  const saved = await saveAutoRecharge(actor, accountId, {
    enabled: true,
    threshold: thresholdPkr * PKR,
    amount: amountPkr * PKR,
    maxFailures,
  });
  expect(saved).toEqual({ ok: true });
}

async function autoRechargeIntents(customerId: string): Promise<Stripe.PaymentIntent[]> {
  const page = await fixture.stripe.paymentIntents.list({ customer: customerId, limit: 100 });
  return page.data.filter((intent) => intent.metadata.purpose === "auto_recharge");
}

beforeAll(async () => {
  fixture = await startBillingFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe("top-up checkout", () => {
  it("refuses amounts under Stripe's minimum (PKR 140), over the maximum, or in fractions of a paisa", () => {
    const problem = (amount: string) => {
      const parsed = topUpSchema.safeParse({ amount });
      return parsed.success ? null : parsed.error.issues[0]?.message;
    };
    expect(problem("139.99")).toMatch(/smallest top-up is Rs 140\.00/);
    expect(problem("1000000.01")).toMatch(/largest top-up/);
    expect(problem("150.001")).toMatch(/whole paisa/);
    expect(problem("abc")).toMatch(/amount in PKR/);
    expect(topUpSchema.parse({ amount: "140" })).toEqual({ amount: 140 * PKR });
    expect(topUpSchema.parse({ amount: "1,250.50" })).toEqual({ amount: 1_250_500_000 });
  });

  it("creates a payment-mode Checkout in PKR on the account's customer, saving the card off-session", async () => {
    const { accountId, customerId, email } = await newAccount();
    const { sessionId } = await startTopUp(billingDeps(), {
      accountId,
      userId: "u",
      email,
      amountMicros: 500 * PKR,
      origin: "http://app.test",
    });
    const session = await fixture.stripe.checkout.sessions.retrieve(sessionId);
    expect(session).toMatchObject({
      mode: "payment",
      customer: customerId,
      currency: "pkr",
      amount_total: 50_000,
      client_reference_id: accountId,
      metadata: { account_id: accountId, purpose: "topup" },
      status: "open",
    });
    expect(session.success_url).toBe("http://app.test/dashboard/credit?topup=success");
    // Nothing is credited before the payment's webhook.
    expect(await balanceOf(accountId)).toBe(0n);
    expect(
      await db().auditLog.count({ where: { accountId, action: "billing.topup_started" } }),
    ).toBe(1);
  });
});

describe("top-up webhooks", () => {
  it("credits once whatever the order and however often the events come", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, paymentIntentId } = await topUp(fixture, accountId, email, 750 * PKR);
    const completed = await lastEvent(fixture, sessionId, "checkout.session.completed");
    const succeeded = await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded");

    // The PaymentIntent's event first, then the Checkout's: one credit.
    expect(await deliver(fixture, succeeded)).toMatchObject({
      status: 200,
      body: { status: "processed" },
    });
    expect((await deliver(fixture, completed)).body.status).toBe("processed");
    // Both again, at once, several times.
    const again = await Promise.all([
      deliver(fixture, completed),
      deliver(fixture, succeeded),
      deliver(fixture, completed),
      deliver(fixture, succeeded),
    ]);
    expect(again.map((result) => result.status)).toEqual([200, 200, 200, 200]);
    expect(again.every((result) => result.body.status === "duplicate")).toBe(true);

    const entries = await topUpEntries(accountId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "topup",
      amountMicros: 750_000_000n,
      idempotencyKey: `topup:${paymentIntentId}`,
      reference: paymentIntentId,
      actorType: "system",
    });
    expect(await balanceOf(accountId)).toBe(750_000_000n);
    // Each event is logged as processed, with its account.
    const logged = await db().stripeEvent.findMany({
      where: { id: { in: [completed.id, succeeded.id] } },
    });
    expect(logged.map((row) => [row.status, row.accountId])).toEqual([
      ["processed", accountId],
      ["processed", accountId],
    ]);
    // The card the top-up saved is kept for auto-recharge.
    expect((await autoRechargeOf(accountId)).hasCard).toBe(true);
  });

  it("credits once when the two events of one payment arrive at the same moment", async () => {
    const { accountId, email } = await newAccount();
    const { sessionId, paymentIntentId } = await topUp(fixture, accountId, email, 300 * PKR);
    const events = [
      await lastEvent(fixture, sessionId, "checkout.session.completed"),
      await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"),
    ];
    const results = await Promise.all(
      events.flatMap((event) => [event, event]).map((event) => deliver(fixture, event)),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200]);
    expect(await topUpEntries(accountId)).toHaveLength(1);
    expect(await balanceOf(accountId)).toBe(300_000_000n);
  });

  it("ignores a payment of another purpose and a customer Darwaza does not know", async () => {
    const { customerId } = await newAccount();
    const other = await fixture.stripe.paymentIntents.create({
      amount: 20_000,
      currency: "pkr",
      customer: customerId,
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { purpose: "something_else" },
    });
    const event = await lastEvent(fixture, other.id, "payment_intent.succeeded");
    expect((await deliver(fixture, event)).body.status).toBe("ignored");
    const stranger = await fixture.stripe.customers.create({ email: "stranger@billing.test" });
    const theirs = await fixture.stripe.paymentIntents.create({
      amount: 20_000,
      currency: "pkr",
      customer: stranger.id,
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { purpose: "topup" },
    });
    const strangerEvent = await lastEvent(fixture, theirs.id, "payment_intent.succeeded");
    expect(await deliver(fixture, strangerEvent)).toMatchObject({
      status: 200,
      body: { status: "ignored", reason: expect.stringContaining("no account") },
    });
    expect(await db().ledgerEntry.count({ where: { reference: theirs.id } })).toBe(0);
  });

  it("takes back refunds, partial and whole, once each — even before the payment's own events", async () => {
    const { accountId, email } = await newAccount();
    const { paymentIntentId } = await topUp(fixture, accountId, email, 1_000 * PKR);
    const intent = await fixture.stripe.paymentIntents.retrieve(paymentIntentId);
    const charge = String(intent.latest_charge);

    await fixture.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 25_050 });
    const partial = await lastEvent(fixture, charge, "charge.refunded");
    // The refund's event arrives first: the top-up is credited, then 250.50 taken back.
    expect((await deliver(fixture, partial)).body.status).toBe("processed");
    expect(await balanceOf(accountId)).toBe(749_500_000n);
    expect((await deliver(fixture, partial)).body.status).toBe("duplicate");
    // The payment's late events change nothing.
    await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
    expect(await balanceOf(accountId)).toBe(749_500_000n);

    await fixture.stripe.refunds.create({ payment_intent: paymentIntentId });
    const whole = await lastEvent(fixture, charge, "charge.refunded");
    expect(whole.id).not.toBe(partial.id);
    await Promise.all([deliver(fixture, whole), deliver(fixture, whole)]);
    expect(await balanceOf(accountId)).toBe(0n);
    const entries = await topUpEntries(accountId);
    expect(entries.map((entry) => [entry.kind, entry.amountMicros])).toEqual([
      ["topup", 1_000_000_000n],
      ["refund", -250_500_000n],
      ["refund", -749_500_000n],
    ]);
  });
});

describe("auto-recharge", () => {
  it("charges the saved card off-session once the balance is under the threshold, credited once", async () => {
    const { accountId, customerId, email } = await newAccount();
    const { paymentIntentId } = await topUp(fixture, accountId, email, 150 * PKR);
    await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
    await turnOn(accountId, 100, 400);
    // 150 is not under 100: nothing happens.
    expect(await rechargeIfDue(rechargeDeps(), accountId)).toEqual({ kind: "not_due" });

    await turnOn(accountId, 200, 400);
    const outcome = await rechargeIfDue(rechargeDeps(), accountId);
    expect(outcome).toMatchObject({ kind: "charged", credited: true });
    expect(await balanceOf(accountId)).toBe(550_000_000n);
    const [charged, ...more] = await autoRechargeIntents(customerId);
    expect(more).toHaveLength(0);
    expect(charged).toMatchObject({
      amount: 40_000,
      currency: "pkr",
      status: "succeeded",
      metadata: { account_id: accountId, purpose: "auto_recharge", attempt: "1" },
    });
    // The webhook of that payment arrives later: already credited.
    const event = await lastEvent(fixture, charged?.id ?? "", "payment_intent.succeeded");
    expect((await deliver(fixture, event)).body.status).toBe("processed");
    expect(await balanceOf(accountId)).toBe(550_000_000n);
    // Above the threshold now: the job leaves it alone.
    expect((await runAutoRecharge(rechargeDeps())).has(accountId)).toBe(false);
    expect(await autoRechargeOf(accountId)).toMatchObject({ pending: false, failures: 0 });
  });

  it("charges once for concurrent triggers (the job and direct calls, on two sets of deps)", async () => {
    const { accountId, customerId, email } = await newAccount();
    const { paymentIntentId } = await topUp(fixture, accountId, email, 140 * PKR);
    await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
    // One charge lifts the balance over the threshold: a second would be a double charge.
    await turnOn(accountId, 300, 500);
    const first = rechargeDeps();
    const second = rechargeDeps();
    const outcomes = await Promise.all([
      rechargeIfDue(first, accountId),
      rechargeIfDue(second, accountId),
      rechargeIfDue(first, accountId),
      runAutoRecharge(second).then((all) => all.get(accountId) ?? { kind: "not_due" }),
      rechargeIfDue(second, accountId),
    ]);
    expect(outcomes.filter((outcome) => outcome.kind === "charged")).toHaveLength(1);
    expect(await autoRechargeIntents(customerId)).toHaveLength(1);
    expect(await balanceOf(accountId)).toBe(640_000_000n);
  });

  it("asks again with the same idempotency key when an attempt was left open, and credits once", async () => {
    const { accountId, customerId, email } = await newAccount();
    const { paymentIntentId } = await topUp(fixture, accountId, email, 140 * PKR);
    await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
    await turnOn(accountId, 500, 200);
    const charged = await rechargeIfDue(rechargeDeps(), accountId);
    expect(charged.kind).toBe("charged");
    // As if the process had died after Stripe answered: the attempt is still open, long ago.
    await db().autoRecharge.update({
      where: { accountId },
      data: { pendingSince: new Date(Date.now() - 10 * 60_000) },
    });
    const again = await rechargeIfDue(rechargeDeps(), accountId);
    expect(again).toMatchObject({
      kind: "charged",
      credited: false,
      paymentIntentId: charged.kind === "charged" ? charged.paymentIntentId : "",
    });
    expect(await autoRechargeIntents(customerId)).toHaveLength(1);
    expect(await balanceOf(accountId)).toBe(340_000_000n);
  });

  it("counts declines and 'authentication required', turns itself off after N and tells the customer", async () => {
    const { accountId, customerId, email } = await newAccount();
    // A card that asks for 3D Secure on every payment: fine on session, refused off session.
    const { paymentIntentId } = await topUp(
      fixture,
      accountId,
      email,
      140 * PKR,
      "4000002760003184",
    );
    await deliver(fixture, await lastEvent(fixture, paymentIntentId, "payment_intent.succeeded"));
    await turnOn(accountId, 1_000, 300, 3);

    const deps = rechargeDeps();
    expect(await rechargeIfDue(deps, accountId)).toEqual({
      kind: "failed",
      code: "authentication_required",
      failures: 1,
      turnedOff: false,
    });
    // Then the card on file starts declining everything.
    const failing = await fixture.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", {
      customer: customerId,
    });
    await db().autoRecharge.update({
      where: { accountId },
      data: { paymentMethodId: failing.id },
    });
    // A failure cools down: not asked again before retryDelayMs.
    const patient = rechargeDeps({ retryDelayMs: 60_000 });
    expect(await rechargeIfDue(patient, accountId)).toMatchObject({
      kind: "failed",
      code: "card_declined",
      failures: 2,
    });
    expect(await rechargeIfDue(patient, accountId)).toEqual({ kind: "not_due" });
    await db().autoRecharge.update({ where: { accountId }, data: { nextAttemptAt: null } });
    expect(await rechargeIfDue(deps, accountId)).toEqual({
      kind: "failed",
      code: "card_declined",
      failures: 3,
      turnedOff: true,
    });

    const settings = await autoRechargeOf(accountId);
    expect(settings).toMatchObject({ enabled: false, failures: 3, pending: false });
    expect(settings.notice).toMatch(/turned off after repeated failures.*card_declined/);
    expect(await rechargeIfDue(deps, accountId)).toEqual({ kind: "not_due" });
    expect(await balanceOf(accountId)).toBe(140_000_000n);
    const mails = await db().outboxMail.findMany({ where: { to: email } });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toMatch(/auto-recharge is off/i);
    expect(mails[0]?.text).toContain("http://app.test/dashboard/credit");
    expect(
      await db().auditLog.count({ where: { accountId, action: "billing.auto_recharge_off" } }),
    ).toBe(1);
    // Three attempts, three PaymentIntents at Stripe, none paid.
    const intents = await autoRechargeIntents(customerId);
    expect(intents.map((intent) => intent.status)).toEqual([
      "requires_payment_method",
      "requires_payment_method",
      "requires_payment_method",
    ]);
    // Turning it on again starts afresh.
    await turnOn(accountId, 1_000, 300, 3);
    expect(await autoRechargeOf(accountId)).toMatchObject({
      enabled: true,
      failures: 0,
      notice: null,
    });
  });

  it("cannot be turned on before a top-up saved a card", async () => {
    const { accountId } = await newAccount();
    expect(
      await saveAutoRecharge(actor, accountId, {
        enabled: true,
        threshold: 100 * PKR,
        amount: 200 * PKR,
        maxFailures: 3,
      }),
    ).toEqual({ ok: false, error: expect.stringMatching(/Top up once first/) });
    expect(MICROS_PER_PAISA).toBe(10_000);
  });
});
