import { describe, expect, it } from "vitest";
import { entitlementOf, type SubscriptionState } from "./entitlement";

const now = new Date("2026-06-15T12:00:00Z");
const day = 86_400_000;
const sub = (overrides: Partial<SubscriptionState>): SubscriptionState => ({
  status: "active",
  plan: "starter",
  cancelAtPeriodEnd: false,
  currentPeriodEnd: new Date(now.getTime() + 10 * day),
  ...overrides,
});

describe("entitlementOf", () => {
  it("gives active and trialing subscriptions their plan, and nothing else", () => {
    expect(entitlementOf([sub({})], now, null, 3).plan).toBe("starter");
    expect(entitlementOf([sub({ status: "trialing", plan: "pro" })], now, null, 3).plan).toBe(
      "pro",
    );
    for (const status of ["canceled", "unpaid", "paused", "incomplete", "incomplete_expired"]) {
      expect(entitlementOf([sub({ status })], now, null, 3).plan).toBe("free");
    }
    expect(entitlementOf([], now, null, 3).plan).toBe("free");
  });

  it("keeps a plan canceled at period end until the period ends", () => {
    expect(entitlementOf([sub({ cancelAtPeriodEnd: true })], now, null, 3).plan).toBe("starter");
    const ended = sub({ cancelAtPeriodEnd: true, currentPeriodEnd: new Date(now.getTime() - 1) });
    expect(entitlementOf([ended], now, null, 3).plan).toBe("free");
  });

  it("keeps a past_due plan for the grace period, starting from the first time it is seen", () => {
    const first = entitlementOf([sub({ status: "past_due" })], now, null, 3);
    expect(first).toMatchObject({ plan: "starter", graceUntil: new Date(now.getTime() + 3 * day) });
    const later = new Date(now.getTime() + 2 * day);
    expect(entitlementOf([sub({ status: "past_due" })], later, first.graceUntil, 3).plan).toBe(
      "starter",
    );
    const after = new Date(now.getTime() + 3 * day + 1);
    expect(entitlementOf([sub({ status: "past_due" })], after, first.graceUntil, 3)).toMatchObject({
      plan: "free",
      reason: "past_due, grace period over",
    });
    expect(entitlementOf([sub({ status: "past_due" })], now, null, 0).plan).toBe("free");
    expect(entitlementOf([sub({})], now, first.graceUntil, 3).graceUntil).toBeNull();
  });

  it("takes the best of several subscriptions; unknown prices entitle to nothing", () => {
    const plans = [sub({ status: "canceled", plan: "pro" }), sub({ plan: "starter" })];
    expect(entitlementOf(plans, now, null, 3).plan).toBe("starter");
    expect(entitlementOf([sub({ plan: "unknown" })], now, null, 3).plan).toBe("free");
  });

  it("carries the version a subscription's price sells; a seller's plan is ranked by its data", () => {
    const decided = entitlementOf(
      [
        sub({ plan: "starter", planVersionId: "plv_starter_1", rank: 1 }),
        sub({ plan: "starter-8000", planVersionId: "v2", rank: 2 }),
      ],
      now,
      null,
      3,
    );
    expect(decided).toMatchObject({ plan: "starter-8000", planVersionId: "v2" });
    // Any paid plan beats Free, whatever rank the seller gave it.
    expect(entitlementOf([sub({ plan: "basic", rank: 0 })], now, null, 3).plan).toBe("basic");
    // Falling to Free forgets the version: Free's latest applies.
    const ended = sub({ status: "canceled", planVersionId: "v2" });
    expect(entitlementOf([ended], now, null, 3)).toMatchObject({
      plan: "free",
      planVersionId: null,
    });
  });
});
