import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceOf } from "@/lib/credit/reads";
import { db } from "@/lib/services";
import { billingDeps } from "../deps";
import { type BillingFixture, startBillingFixture } from "../test-support/billing-fixture";
import { testHook } from "../test-support/events";
import { startTopUp } from "./checkout";

// The emulator delivers to the app's real webhook route over HTTP and retries what fails, as
// Stripe does; the database is made truly unreachable for a while (no mock of PostgreSQL).
let fixture: BillingFixture;

beforeAll(async () => {
  fixture = await startBillingFixture({
    deliver: true,
    retryDelaysMs: [300, 600, 1_000, 1_500, 2_000, 3_000],
  });
});

afterAll(async () => {
  await fixture?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a top-up paid while PostgreSQL is down", () => {
  it("is refused with 5xx, delivered again by Stripe, and credited once after recovery", async () => {
    const email = "outage@billing.test";
    const { accountId } = await fixture.createAccount(email);
    const name = new URL(fixture.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({
      connectionString: fixture.databaseUrl.replace(`/${name}`, "/postgres"),
    });
    await admin.connect();
    const log = fixture.emulator.emulator.webhooks.log;
    const seen = log.length;
    let paymentIntentId = "";
    try {
      const { sessionId } = await startTopUp(billingDeps(), {
        accountId,
        userId: "u",
        email,
        amountMicros: 200_000_000,
        origin: "http://app.test",
      });
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        [name],
      );
      await testHook(fixture, `/checkout/sessions/${sessionId}/complete`);
      const session = await fixture.stripe.checkout.sessions.retrieve(sessionId);
      paymentIntentId = String(session.payment_intent);
      // Both credit events were delivered and refused while the database was away.
      await until(async () => {
        const failed = log
          .slice(seen)
          .filter((entry) => entry.status !== null && entry.status >= 500)
          .map((entry) => entry.type);
        return (
          failed.includes("checkout.session.completed") &&
          failed.includes("payment_intent.succeeded")
        );
      });
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await until(async () => (await balanceOf(accountId)) > 0n);
    await fixture.emulator.emulator.idle();
    expect(await balanceOf(accountId)).toBe(200_000_000n);
    expect(await db().ledgerEntry.count({ where: { accountId, reference: paymentIntentId } })).toBe(
      1,
    );
    const delivered = log.slice(seen).filter((entry) => entry.type === "payment_intent.succeeded");
    expect(delivered.some((entry) => entry.status === 200)).toBe(true);
  });
});
