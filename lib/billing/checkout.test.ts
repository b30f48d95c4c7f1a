import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANS } from "@/lib/plans/plans";
import { db } from "@/lib/services";
import { catalog, ensureCatalog } from "./catalog";
import { startCheckout } from "./checkout";
import { syncCheckoutReturn } from "./checkout-return";
import { billingDeps } from "./deps";
import { portalUrl } from "./portal";
import { type BillingFixture, startBillingFixture } from "./test-support/billing-fixture";
import { testHook } from "./test-support/events";

let fixture: BillingFixture;

async function bareAccount(email: string): Promise<string> {
  const account = await db().account.create({
    data: { name: email, members: { create: { user: { create: { email } } } } },
  });
  return account.id;
}

const sessionIdOf = (url: string) => url.split("/").at(-1) ?? "";

beforeAll(async () => {
  fixture = await startBillingFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe("checkout", () => {
  it("makes one customer for parallel checkouts and lets only the last one be paid", async () => {
    const accountId = await bareAccount("race@billing.test");
    const input = {
      accountId,
      userId: "u1",
      email: "race@billing.test",
      plan: "starter" as const,
      origin: "http://app.test",
    };
    const results = await Promise.all([
      startCheckout(billingDeps(), input),
      startCheckout(billingDeps(), input),
    ]);
    expect(results.map((result) => result.kind)).toEqual(["checkout", "checkout"]);
    const { stripeCustomerId } = await db().account.findUniqueOrThrow({ where: { id: accountId } });
    const customers = await fixture.stripe.customers.search({
      query: `metadata['account_id']:'${accountId}'`,
    });
    expect(customers.data.map((customer) => customer.id)).toEqual([stripeCustomerId]);
    const sessions = await Promise.all(
      results.map((result) =>
        fixture.stripe.checkout.sessions.retrieve(
          result.kind === "checkout" ? sessionIdOf(result.url) : "",
        ),
      ),
    );
    const open = sessions.filter((session) => session.status === "open");
    const expired = sessions.filter((session) => session.status === "expired");
    expect([open.length, expired.length]).toEqual([1, 1]);
    await expect(
      testHook(fixture, `/checkout/sessions/${expired[0]?.id}/complete`),
    ).rejects.toThrow(/400/);
    await testHook(fixture, `/checkout/sessions/${open[0]?.id}/complete`);
    // Subscribed now: another checkout is refused and goes to the portal instead.
    expect(await startCheckout(billingDeps(), { ...input, plan: "pro" })).toEqual({
      kind: "portal",
    });
    const subs = await fixture.stripe.subscriptions.list({ customer: stripeCustomerId ?? "" });
    expect(subs.data).toHaveLength(1);
  });

  it("sends a checkout in PKR at the plans module's price, with the account id", async () => {
    const accountId = await bareAccount("pkr@billing.test");
    const result = await startCheckout(billingDeps(), {
      accountId,
      userId: "u2",
      email: "pkr@billing.test",
      plan: "pro",
      origin: "http://app.test",
    });
    if (result.kind !== "checkout") throw new Error("expected a checkout");
    const session = await fixture.stripe.checkout.sessions.retrieve(sessionIdOf(result.url));
    expect(session).toMatchObject({
      mode: "subscription",
      currency: "pkr",
      amount_total: PLANS.pro.monthlyPricePaisa,
      client_reference_id: accountId,
      metadata: { account_id: accountId, plan: "pro" },
    });
    expect(session.success_url).toBe(
      "http://app.test/api/stripe/checkout/return?session_id={CHECKOUT_SESSION_ID}",
    );
    const audit = await db().auditLog.findFirst({
      where: { accountId, action: "billing.checkout_started" },
    });
    expect(audit?.target).toBe(session.id);
  });

  it("refuses Enterprise accounts", async () => {
    const accountId = await bareAccount("ent@billing.test");
    await db().account.update({ where: { id: accountId }, data: { plan: "enterprise" } });
    const result = await startCheckout(billingDeps(), {
      accountId,
      userId: "u3",
      email: "ent@billing.test",
      plan: "starter",
      origin: "http://app.test",
    });
    expect(result.kind).toBe("refused");
  });

  it("syncs the plan on the return from Checkout, before any webhook, for the account's own session only", async () => {
    const { accountId } = await fixture.createAccount("return@billing.test");
    const other = await fixture.createAccount("other@billing.test");
    const result = await startCheckout(billingDeps(), {
      accountId,
      userId: "u4",
      email: "return@billing.test",
      plan: "starter",
      origin: "http://app.test",
    });
    if (result.kind !== "checkout") throw new Error("expected a checkout");
    const sessionId = sessionIdOf(result.url);
    expect(await syncCheckoutReturn(billingDeps(), accountId, sessionId)).toBe(false);
    await testHook(fixture, `/checkout/sessions/${sessionId}/complete`);
    expect(await syncCheckoutReturn(billingDeps(), other.accountId, sessionId)).toBe(false);
    expect((await db().account.findUniqueOrThrow({ where: { id: other.accountId } })).plan).toBe(
      "free",
    );
    expect(await syncCheckoutReturn(billingDeps(), accountId, sessionId)).toBe(true);
    expect((await db().account.findUniqueOrThrow({ where: { id: accountId } })).plan).toBe(
      "starter",
    );
    expect(await db().invoice.count({ where: { accountId, status: "paid" } })).toBe(1);
  });

  it("opens the Customer Portal for an account with a customer, not for one without", async () => {
    const { accountId } = await fixture.createAccount("portal@billing.test");
    const url = await portalUrl(billingDeps(), accountId, "http://app.test/dashboard/billing");
    expect(url).toMatch(new RegExp(`^${fixture.emulator.url}/_emulator/stripe/portal/bps_`));
    expect(
      await portalUrl(billingDeps(), await bareAccount("none@billing.test"), "http://app.test"),
    ).toBeNull();
  });
});

describe("stripe:setup (ensureCatalog)", () => {
  it("creates the PKR monthly prices by lookup key once, and finds them again", async () => {
    const first = await ensureCatalog(db(), fixture.stripe);
    const again = await ensureCatalog(db(), fixture.stripe);
    expect(again).toEqual(first);
    expect(await catalog(db(), fixture.stripe)).toEqual(first);
    for (const plan of ["starter", "pro"] as const) {
      const price = await fixture.stripe.prices.retrieve(first.prices[plan]);
      expect(price).toMatchObject({
        currency: "pkr",
        unit_amount: PLANS[plan].monthlyPricePaisa,
        lookup_key: PLANS[plan].stripeLookupKey,
        recurring: { interval: "month", interval_count: 1 },
      });
    }
    const portal = await fixture.stripe.billingPortal.configurations.retrieve(
      first.portalConfiguration,
    );
    expect(
      portal.features.subscription_update.products?.flatMap((product) => product.prices).sort(),
    ).toEqual([first.prices.starter, first.prices.pro].sort());
    expect(portal.features.subscription_cancel).toMatchObject({
      enabled: true,
      mode: "at_period_end",
    });
  });
});
