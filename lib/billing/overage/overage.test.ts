import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAccountSpend } from "@/lib/credit/caps";
import type { Gateway } from "@/lib/gateway/gateway";
import type { UsageEventRow } from "@/lib/gateway/metering/types";
import { batchWriter } from "@/lib/gateway/metering/writer";
import { serveGateway, testGateway } from "@/lib/gateway/test-support/gateway";
import type { RunningServer } from "@/lib/gateway/test-support/servers";
import { createApiKey } from "@/lib/keys/create";
import { db, pool } from "@/lib/services";
import { billingDeps } from "../deps";
import { type BillingFixture, startBillingFixture } from "../test-support/billing-fixture";
import { testHook } from "../test-support/events";
import { subscribe } from "../test-support/subscribe";
import { OVERAGE_LOOKUP_KEY, overageCatalog } from "./catalog";
import { reportOverage } from "./reporter";

/**
 * Postpaid overage end to end on real PostgreSQL and the Stripe emulator over HTTP: a Starter
 * subscriber past its tokens/day keeps working, its postpaid charges reach the meter exactly once
 * (a crash between send and mark included), and the renewal invoice's usage line equals them.
 */
let fixture: BillingFixture;
let gateway: Gateway;
let server: RunningServer;
const CUSTOMER = { type: "user" as const, id: "u", email: "owner@example.test" };

beforeAll(async () => {
  fixture = await startBillingFixture({ deliver: true });
  gateway = testGateway();
  await gateway.start();
  server = await serveGateway(gateway);
});

afterAll(async () => {
  await server?.close();
  await gateway?.stop();
  await fixture?.close();
});

/** A copy of Starter's latest version with a tiny tokens/day, so a few calls pass it. */
async function pinTinyStarter(accountId: string): Promise<void> {
  const latest = await db().planVersion.findFirstOrThrow({
    where: { planId: "starter" },
    orderBy: { version: "desc" },
  });
  const { id: _id, createdAt: _c, stripeLookupKey: _k, models, ...terms } = latest;
  const tiny = await db().planVersion.create({
    data: { ...terms, models: models ?? undefined, version: 900, limitTpd: 30 },
  });
  await db().account.update({ where: { id: accountId }, data: { planVersionId: tiny.id } });
}

function chat(key: string): Promise<Response> {
  return fetch(`${server.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: "Salaam, 8 tokens please" }],
      max_tokens: 20,
    }),
  });
}

async function postpaidTotal(accountId: string): Promise<bigint> {
  const { rows } = await pool().query<{ micros: string | null }>(
    "SELECT SUM(amount_micros) AS micros FROM postpaid_charges WHERE account_id = $1",
    [accountId],
  );
  return BigInt(rows[0].micros ?? 0);
}

describe("postpaid overage", () => {
  it("writes a postpaid charge once per request id, even when the batch is written twice", async () => {
    const { accountId } = await fixture.createAccount("writer@example.test");
    const row: UsageEventRow = {
      id: "req_postpaid_once",
      accountId,
      keyId: null,
      endpoint: "chat",
      model: "demo-chat",
      upstream: "demo",
      status: 200,
      tokensIn: 10,
      tokensOut: 10,
      latencyMs: 1,
      cached: false,
      estimated: false,
      billed: true,
      errorCode: null,
      costPaisa: 1,
      costMicros: 2_000,
      postpaidMicros: 2_000,
      createdAt: Date.now(),
    };
    const write = batchWriter(pool, "Asia/Karachi");
    await write([row]);
    await write([row, { ...row, id: "req_postpaid_two", postpaidMicros: 3_001 }]);
    expect(await postpaidTotal(accountId)).toBe(5_001n);
  });

  it("keeps a Starter account working past its tokens/day and invoices exactly what it owes", async () => {
    const email = "starter@example.test";
    const { accountId, customerId } = await fixture.createAccount(email);
    const { subscriptionId } = await subscribe(fixture, accountId, email, "starter");
    await fixture.emulator.emulator.idle();
    // Checkout put the metered price beside the plan's.
    const { price } = await overageCatalog(fixture.stripe);
    expect(price.lookup_key).toBe(OVERAGE_LOOKUP_KEY);
    const sub = await fixture.stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.items.data.map((item) => item.price.id)).toContain(price.id);
    expect((await db().account.findUniqueOrThrow({ where: { id: accountId } })).plan).toBe(
      "starter",
    );

    await pinTinyStarter(accountId);
    expect(await setAccountSpend(CUSTOMER, accountId, { capMicros: null, postpaid: true })).toEqual(
      { ok: true, customerId },
    );
    const { key } = await createApiKey({ accountId, label: "overage" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await chat(key);
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    await gateway.meter.flush();

    // Charged at list price: each postpaid charge is its event's cost.
    const { rows } = await pool().query<{ charged: string; cost: string }>(
      `SELECT c.amount_micros AS charged, e.cost_micros AS cost
       FROM postpaid_charges c JOIN usage_events e ON e.id = c.request_id
       WHERE c.account_id = $1`,
      [accountId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row.charged).toBe(row.cost);
    const owed = await postpaidTotal(accountId);
    expect(owed).toBeGreaterThan(0n);

    // A crash between the send and the mark: the event reached Stripe, the report stays unsent.
    const deps = billingDeps();
    const crashingStripe: typeof deps.stripe = Object.create(deps.stripe);
    const meterEvents: typeof deps.stripe.billing.meterEvents = Object.create(
      deps.stripe.billing.meterEvents,
    );
    meterEvents.create = async (...args) => {
      await deps.stripe.billing.meterEvents.create(...args);
      throw new Error("crashed before marking");
    };
    const billing: typeof deps.stripe.billing = Object.create(deps.stripe.billing);
    billing.meterEvents = meterEvents;
    crashingStripe.billing = billing;
    const crashing = { ...deps, stripe: crashingStripe };
    await expect(reportOverage(crashing)).rejects.toThrow("crashed before marking");
    expect(await db().overageReport.count({ where: { accountId, sentAt: null } })).toBe(1);
    // The next round resends it (same identifier), the one after has nothing left.
    expect((await reportOverage(deps)).claimed).toBe(0);
    expect(await reportOverage(deps)).toEqual({ claimed: 0, sent: 0 });
    const reports = await db().overageReport.findMany({ where: { accountId } });
    expect(reports).toHaveLength(1);
    expect(reports[0].sentAt).not.toBeNull();
    expect(reports[0].amountMicros).toBe(owed);

    // Stripe counted it once.
    const { meter } = await overageCatalog(fixture.stripe);
    const now = Math.floor(Date.now() / 1000);
    const summaries = await fixture.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customerId,
      start_time: Math.floor((now - 3600) / 60) * 60,
      end_time: Math.ceil((now + 120) / 60) * 60,
    });
    expect(summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0)).toBe(Number(owed));

    // The period ends: the renewal invoice's usage line is our charges, rounded once.
    await testHook(fixture, `/subscriptions/${subscriptionId}/advance`, { outcome: "paid" });
    await fixture.emulator.emulator.idle();
    const invoices = await fixture.stripe.invoices.list({ customer: customerId, limit: 10 });
    const renewal = invoices.data.find(
      (invoice) => invoice.billing_reason === "subscription_cycle",
    );
    expect(renewal).toBeDefined();
    const usageLine = renewal?.lines.data.find(
      (line) => line.pricing?.price_details?.price === price.id,
    );
    const paisa = (owed + 5_000n) / 10_000n;
    expect(usageLine).toMatchObject({ quantity: Number(owed), amount: Number(paisa) });
    // The portal's mirror of the invoice shows the same usage amount.
    const mirrored = await db().invoice.findUniqueOrThrow({ where: { id: renewal?.id ?? "" } });
    expect(mirrored.usageAmount).toBe(Number(paisa));
  });
});
