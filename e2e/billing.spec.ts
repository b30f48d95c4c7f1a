import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { formatPkr } from "../lib/plans/money";
import { PLANS } from "../lib/plans/plans";
import { createKey, eventually, screenshot, signUp, uniqueEmail } from "./support/portal";

// Issue 5's journey, in test mode (no STRIPE_SECRET_KEY): the app's own Stripe emulator hosts
// Checkout and the Customer Portal and sends the signed webhooks, exactly as Stripe would.

/** X-RateLimit-Limit of one API call: for a fresh account the requests/min window is the binding one. */
async function rateLimit(request: APIRequestContext, key: string): Promise<string> {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      model: "demo-chat",
      messages: [{ role: "user", content: "billing e2e" }],
      max_tokens: 16,
    },
  });
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["x-ratelimit-limit-requests"]).toBe(headers["x-ratelimit-limit"]);
  return headers["x-ratelimit-limit"] ?? "";
}

/** Waits (reloading) until the billing page shows `plan`: portal changes arrive by webhook. */
async function expectPlan(page: Page, plan: string): Promise<void> {
  await eventually(page, "/dashboard/billing", async () => {
    await expect(page.getByTestId("billing-plan-name")).toHaveText(plan, { timeout: 1_000 });
  });
}

async function openPortal(page: Page): Promise<void> {
  await page.goto("/dashboard/billing");
  await page.getByTestId("billing-manage").click();
  await expect(page).toHaveURL(/\/_emulator\/stripe\/portal\/bps_/);
  await expect(page.getByTestId("emulator-test-mode")).toBeVisible();
}

async function payCheckout(page: Page, plan: "starter" | "pro", shot?: string): Promise<void> {
  await page.goto("/dashboard/billing");
  await page.getByTestId(`billing-upgrade-${plan}`).click();
  await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\/cs_test_/);
  await expect(page.getByTestId("checkout-product")).toContainText(PLANS[plan].name);
  await expect(page.getByTestId("checkout-amount")).toContainText(
    `${formatPkr(PLANS[plan].monthlyPricePaisa ?? 0)}.00`,
  );
  if (shot) await screenshot(page, shot);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
}

test("a Free user upgrades through Checkout, downgrades at period end and cancels through the portal", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("billing"));
  const { key } = await createKey(page, "billing-e2e");
  expect(await rateLimit(request, key)).toBe(String(PLANS.free.limits.requestsPerMinute));

  await test.step("the billing page shows the four plans in PKR, on Free, in test mode", async () => {
    await page.goto("/dashboard/billing");
    await expect(page.getByTestId("billing-test-mode")).toContainText("Test mode");
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Free");
    await expect(page.getByTestId("billing-price-free")).toContainText("PKR 0");
    await expect(page.getByTestId("billing-price-starter")).toContainText("PKR 5,000");
    await expect(page.getByTestId("billing-price-pro")).toContainText("PKR 25,000");
    await expect(page.getByTestId("billing-price-enterprise")).toHaveText("Custom");
    await expect(page.getByTestId("billing-contact-enterprise")).toBeVisible();
    await screenshot(page, "billing-free");
  });

  await test.step("leaving Checkout without paying changes nothing", async () => {
    await page.getByTestId("billing-upgrade-starter").click();
    await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\//);
    await page.getByRole("link", { name: "Cancel and return" }).click();
    await expect(page.getByTestId("billing-notice")).toContainText("nothing was charged");
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Free");
  });

  await test.step("paying Checkout moves the account to Starter: dashboard and API", async () => {
    await payCheckout(page, "starter", "billing-emulator-checkout");
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter");
    await expect(page.getByTestId("billing-renewal")).toContainText("Renews on");
    await page.goto("/dashboard");
    await expect(page.getByTestId("current-plan")).toHaveText("Starter");
    expect(await rateLimit(request, key)).toBe(String(PLANS.starter.limits.requestsPerMinute));
  });

  await test.step("the invoice history shows the paid invoice in PKR", async () => {
    await eventually(page, "/dashboard/billing", async () => {
      await expect(page.getByTestId("billing-invoice-row")).toHaveCount(1, { timeout: 1_000 });
    });
    const row = page.getByTestId("billing-invoice-row").first();
    await expect(row.getByTestId("billing-invoice-amount")).toHaveText("PKR 5,000");
    await expect(row.getByTestId("billing-invoice-status")).toHaveText("paid");
    await screenshot(page, "billing-starter");
  });

  await test.step("downgrading to Free at period end keeps Starter until the period ends", async () => {
    await openPortal(page);
    await expect(page.getByTestId("portal-plan")).toContainText("Starter");
    await page.getByRole("button", { name: "Cancel at end of period" }).click();
    await expect(page.getByRole("status")).toContainText(
      "canceled at the end of the billing period",
    );
    await screenshot(page, "billing-emulator-portal");
    await page.getByTestId("portal-return").click();
    await eventually(page, "/dashboard/billing", async () => {
      await expect(page.getByTestId("billing-renewal")).toContainText("Ends on", {
        timeout: 1_000,
      });
    });
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter");
    expect(await rateLimit(request, key)).toBe(String(PLANS.starter.limits.requestsPerMinute));
  });

  await test.step("when the period ends the account is on Free and the limits fall back", async () => {
    await openPortal(page);
    await page.getByRole("button", { name: "End the period now" }).click();
    await expect(page.getByTestId("portal-subscription")).toHaveCount(0);
    await page.getByTestId("portal-return").click();
    await expectPlan(page, "Free");
    expect(await rateLimit(request, key)).toBe(String(PLANS.free.limits.requestsPerMinute));
  });

  await test.step("a new Pro subscription canceled immediately in the portal ends at once", async () => {
    await payCheckout(page, "pro");
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Pro");
    expect(await rateLimit(request, key)).toBe(String(PLANS.pro.limits.requestsPerMinute));
    await openPortal(page);
    await page.getByRole("button", { name: "Cancel immediately" }).click();
    await expect(page.getByRole("status")).toContainText("Your plan was canceled.");
    await page.getByTestId("portal-return").click();
    await expectPlan(page, "Free");
    expect(await rateLimit(request, key)).toBe(String(PLANS.free.limits.requestsPerMinute));
    const amounts = page.getByTestId("billing-invoice-amount");
    await expect(amounts).toHaveText(["PKR 25,000", "PKR 5,000"]);
    await screenshot(page, "billing-history");
  });
});
