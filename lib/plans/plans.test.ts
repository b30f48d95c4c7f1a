import { describe, expect, it } from "vitest";
import { formatPkr } from "./money";
import { effectiveLimits, PLAN_LIST, PLANS, planOf } from "./plans";

describe("plans", () => {
  it("match the published table", () => {
    const table = PLAN_LIST.map((plan) => [
      plan.name,
      plan.monthlyPricePaisa === null ? "custom" : formatPkr(plan.monthlyPricePaisa),
      plan.limits.requestsPerMinute,
      plan.limits.requestsPerDay,
      plan.limits.tokensPerDay,
      plan.limits.maxTokensPerRequest,
    ]);
    expect(table).toEqual([
      ["Free", "PKR 0", 10, 100, 10_000, 512],
      ["Starter", "PKR 5,000", 60, 1_000, 100_000, 2_048],
      ["Pro", "PKR 25,000", 300, 10_000, 1_000_000, 4_096],
      ["Enterprise", "custom", null, null, null, null],
    ]);
  });

  it("carry the support level of each tier", () => {
    expect(PLANS.free.support).toMatch(/community/i);
    expect(PLANS.starter.support).toMatch(/email/i);
    expect(PLANS.pro.features).toEqual(["Priority support", "Custom model fine-tuning"]);
    expect(PLANS.enterprise.features).toEqual([
      "Dedicated GPU instances",
      "99.9% SLA",
      "On-premise option",
    ]);
  });

  it("store prices as whole paisa", () => {
    for (const plan of PLAN_LIST) {
      if (plan.monthlyPricePaisa !== null)
        expect(Number.isInteger(plan.monthlyPricePaisa)).toBe(true);
    }
    expect(PLANS.starter.monthlyPricePaisa).toBe(500_000);
  });

  it("only let Enterprise accounts override limits", () => {
    const overrides = { limitRpm: 5, limitRpd: null, limitTpd: 42, limitMaxTokens: null };
    expect(effectiveLimits({ plan: "pro", ...overrides })).toEqual(PLANS.pro.limits);
    expect(effectiveLimits({ plan: "enterprise", ...overrides })).toEqual({
      requestsPerMinute: 5,
      requestsPerDay: null,
      tokensPerDay: 42,
      maxTokensPerRequest: null,
    });
  });

  it("treat an unknown plan name as Free, never as unlimited", () => {
    expect(planOf("platinum").id).toBe("free");
  });
});
