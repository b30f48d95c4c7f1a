import { expect, test } from "@playwright/test";
import { formatCount, formatPkr } from "../lib/plans/money";
import { PLAN_LIST } from "../lib/plans/plans";

// Issue 2: the landing page shows every plan with its PKR price and limits, as lib/plans says.
test("the landing page lists every plan with its PKR price and limits", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Pricing" })).toBeVisible();
  expect(PLAN_LIST.map((plan) => plan.name)).toEqual(["Free", "Starter", "Pro", "Enterprise"]);
  for (const plan of PLAN_LIST) {
    const card = page.getByTestId(`plan-${plan.id}`);
    await expect(card.getByRole("heading", { name: plan.name })).toBeVisible();
    const price = plan.monthlyPricePaisa === null ? "Custom" : formatPkr(plan.monthlyPricePaisa);
    await expect(card.getByTestId("plan-price")).toHaveText(price);
    const { limits } = plan;
    if (plan.id === "enterprise") {
      await expect(card).toContainText("Unlimited");
    } else {
      await expect(card).toContainText(`Requests / minute${formatCount(limits.requestsPerMinute)}`);
      await expect(card).toContainText(`Requests / day${formatCount(limits.requestsPerDay)}`);
      await expect(card).toContainText(`Tokens / day${formatCount(limits.tokensPerDay)}`);
      await expect(card).toContainText(
        `Max tokens / request${formatCount(limits.maxTokensPerRequest)}`,
      );
    }
    for (const feature of plan.features) await expect(card).toContainText(feature);
  }
  // The numbers of the issue, spelled out once, so a wrong plans module cannot pass by itself.
  await expect(page.getByTestId("plan-free")).toContainText("PKR 0");
  await expect(page.getByTestId("plan-starter")).toContainText("PKR 5,000");
  await expect(page.getByTestId("plan-pro")).toContainText("PKR 25,000");
  await expect(page.getByTestId("plan-pro")).toContainText("1,000,000");
});
