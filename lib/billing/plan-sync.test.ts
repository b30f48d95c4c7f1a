import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, editPlan, moveSubscribersToLatest } from "@/lib/admin/plans/changes";
import { createPlanSchema, editPlanSchema } from "@/lib/admin/plans/schemas";
import type { Actor } from "@/lib/audit/record";
import { accountPlan, latestPlan } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { catalog, ensurePlanPrice } from "./catalog";
import { startCheckout } from "./checkout";
import { billingDeps } from "./deps";
import { moveStripeSubscriptions } from "./move-subscribers";
import { type BillingFixture, startBillingFixture } from "./test-support/billing-fixture";

/**
 * A plan the seller defines is sold through Stripe like the defaults: each version synced to a
 * product and PKR monthly price by its lookup key in the emulator, bought through Checkout, and
 * the account held to exactly the version its price sells — through the emulator's own signed
 * webhook deliveries to the real route.
 */
const admin: Actor = { type: "user", id: "admin-1", email: "boss@example.test" };
let fixture: BillingFixture;

const form = {
  id: "starter-8000",
  name: "Starter 8000",
  rank: "1",
  selfServe: "on",
  pricePkr: "8000",
  limitRpm: "",
  limitRpd: "5000",
  limitTpd: "1000000",
  limitMaxTokens: "2048",
  features: "Email support",
  support: "Email support",
  models: "",
};

beforeAll(async () => {
  fixture = await startBillingFixture({ deliver: true });
});

afterAll(async () => {
  await fixture?.close();
});

async function pay(url: string): Promise<void> {
  const paid = await fetch(`${url}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card: "4242 4242 4242 4242" }).toString(),
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  await fixture.emulator.emulator.idle();
}

describe("plans sold through Stripe", () => {
  it("syncs each version to a product and PKR price by lookup key, once", async () => {
    const created = await createPlan(admin, createPlanSchema.parse(form));
    const v1 = created.plan;
    if (!v1) throw new Error("no plan");
    const price = await ensurePlanPrice(db(), fixture.stripe, v1);
    expect(await ensurePlanPrice(db(), fixture.stripe, v1)).toMatchObject({ id: price.id });
    expect(price).toMatchObject({
      currency: "pkr",
      unit_amount: 800_000,
      lookup_key: "darwaza_starter_8000_v1_monthly_pkr",
      recurring: { interval: "month", interval_count: 1 },
      metadata: { darwaza_plan: "starter-8000", darwaza_plan_version: v1.versionId },
    });
    const found = await fixture.stripe.prices.list({
      lookup_keys: ["darwaza_starter_8000_v1_monthly_pkr"],
    });
    expect(found.data.map((p) => p.id)).toEqual([price.id]);
    const product = await fixture.stripe.products.retrieve(String(price.product));
    expect(product).toMatchObject({
      name: "Darwaza Starter 8000",
      metadata: { darwaza_plan: "starter-8000" },
    });
    // The catalog sells it beside the defaults, and the portal lets subscribers switch to it.
    const sold = await catalog(db(), fixture.stripe);
    expect(Object.keys(sold.prices).sort()).toEqual(["pro", "starter", "starter-8000"]);
    expect(sold.prices["starter-8000"]).toBe(price.id);
  });

  it("sells the latest version; an edit leaves the subscriber on theirs until moved", async () => {
    const { accountId } = await fixture.createAccount("buyer@billing.test");
    const started = await startCheckout(billingDeps(), {
      accountId,
      userId: "u",
      email: "buyer@billing.test",
      plan: "starter-8000",
      origin: "http://app.test",
    });
    if (started.kind !== "checkout")
      throw new Error(`expected a checkout: ${JSON.stringify(started)}`);
    expect(await (await fetch(started.url)).text()).toContain("PKR 8,000.00");
    await pay(started.url);
    const v1 = await latestPlan(db(), "starter-8000");
    const account = await db().account.findUniqueOrThrow({ where: { id: accountId } });
    expect([account.plan, account.planVersionId]).toEqual(["starter-8000", v1?.versionId]);

    const edited = await editPlan(admin, editPlanSchema.parse({ ...form, pricePkr: "9500" }));
    const v2 = edited.plan;
    if (!v2) throw new Error("no version 2");
    const newPrice = await ensurePlanPrice(db(), fixture.stripe, v2);
    expect(newPrice).toMatchObject({
      unit_amount: 950_000,
      lookup_key: "darwaza_starter_8000_v2_monthly_pkr",
      product: (
        await fixture.stripe.prices.list({ lookup_keys: ["darwaza_starter_8000_v1_monthly_pkr"] })
      ).data[0]?.product,
    });
    // A webhook re-syncing the subscription changes nothing: its price still sells version 1.
    const sub = await db().subscription.findFirstOrThrow({ where: { accountId } });
    await fixture.stripe.subscriptions.update(sub.id, { metadata: { touched: "1" } });
    await fixture.emulator.emulator.idle();
    expect((await accountPlan(db(), accountId)).monthlyPricePaisa).toBe(800_000);
    expect(
      (await db().subscription.findUniqueOrThrow({ where: { id: sub.id } })).planVersionId,
    ).toBe(v1?.versionId);

    // A new buyer gets version 2.
    const other = await fixture.createAccount("second@billing.test");
    const second = await startCheckout(billingDeps(), {
      accountId: other.accountId,
      userId: "u2",
      email: "second@billing.test",
      plan: "starter-8000",
      origin: "http://app.test",
    });
    if (second.kind !== "checkout") throw new Error("expected a checkout");
    await pay(second.url);
    expect((await accountPlan(db(), other.accountId)).version).toBe(2);

    // The explicit move: Stripe bills the new price from renewal, and the sync agrees.
    expect(await moveStripeSubscriptions(billingDeps(), "starter-8000")).toEqual({
      moved: 1,
      failed: 0,
    });
    await moveSubscribersToLatest(admin, "starter-8000");
    await fixture.emulator.emulator.idle();
    expect((await accountPlan(db(), accountId)).version).toBe(2);
    const stripeSub = await fixture.stripe.subscriptions.retrieve(sub.id);
    expect(stripeSub.items.data[0]?.price.id).toBe(newPrice.id);
  });
});
