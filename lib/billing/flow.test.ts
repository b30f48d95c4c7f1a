import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { db } from "@/lib/services";
import { startCheckout } from "./checkout";
import { billingDeps } from "./deps";
import { emulatorHandles } from "./emulator-mount";
import { portalUrl } from "./portal";
import { type BillingFixture, startBillingFixture } from "./test-support/billing-fixture";

let fixture: BillingFixture;

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
}

async function settled(accountId: string) {
  await fixture.emulator.emulator.idle();
  return db().account.findUniqueOrThrow({ where: { id: accountId }, select: { plan: true } });
}

beforeAll(async () => {
  fixture = await startBillingFixture({ deliver: true });
});

afterAll(async () => {
  await fixture?.close();
});

describe("billing end to end through the emulator's own webhook deliveries", () => {
  it("upgrades on payment, switches and cancels through the portal, ends at period end", async () => {
    const { accountId } = await fixture.createAccount("flow@billing.test");
    const started = await startCheckout(billingDeps(), {
      accountId,
      userId: "u",
      email: "flow@billing.test",
      plan: "starter",
      origin: "http://app.test",
    });
    if (started.kind !== "checkout") throw new Error("expected a checkout");
    const page = await (await fetch(started.url)).text();
    expect(page).toContain("PKR 5,000.00");
    const paid = await post(`${started.url}/pay`, { card: "4242 4242 4242 4242" });
    expect(paid.headers.get("location")).toMatch(
      /^http:\/\/app\.test\/api\/stripe\/checkout\/return\?session_id=cs_test_/,
    );
    expect((await settled(accountId)).plan).toBe("starter");

    const portal = await portalUrl(billingDeps(), accountId, "http://app.test/dashboard/billing");
    const subscription = await db().subscription.findFirstOrThrow({ where: { accountId } });
    const { prices } = await (await import("./catalog")).catalog(db(), fixture.stripe);
    await post(`${portal}/switch`, { subscription: subscription.id, price: prices.pro });
    expect((await settled(accountId)).plan).toBe("pro");
    await post(`${portal}/cancel`, { subscription: subscription.id });
    expect((await settled(accountId)).plan).toBe("pro");
    expect(
      (await db().subscription.findUniqueOrThrow({ where: { id: subscription.id } }))
        .cancelAtPeriodEnd,
    ).toBe(true);
    await post(`${portal}/advance`, { subscription: subscription.id });
    expect((await settled(accountId)).plan).toBe("free");

    const events = await db().stripeEvent.findMany({ where: { accountId } });
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((event) => event.status === "processed")).toBe(true);
    const invoices = await db().invoice.findMany({ where: { accountId } });
    expect(
      invoices.map((invoice) => [invoice.status, invoice.amountPaid, invoice.currency]),
    ).toEqual([["paid", 500_000, "pkr"]]);
  });
});

describe("emulator mount", () => {
  it("serves /v1 and its pages in test mode only, never with a real key", () => {
    expect(emulatorHandles("/v1/customers?limit=1")).toBe(true);
    expect(emulatorHandles("/_emulator/stripe/checkout/cs_test_1")).toBe(true);
    expect(emulatorHandles("/api/v1/chat/completions")).toBe(false);
    expect(emulatorHandles("/v1")).toBe(true);
    process.env.STRIPE_SECRET_KEY = "sk_live_123";
    resetEnvCache();
    try {
      expect(emulatorHandles("/v1/customers")).toBe(false);
      expect(emulatorHandles("/_emulator/stripe/checkout/cs_test_1")).toBe(false);
    } finally {
      delete process.env.STRIPE_SECRET_KEY;
      resetEnvCache();
    }
  });
});
