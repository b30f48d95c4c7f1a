import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { createKey, screenshot, signIn, signUp, uniqueEmail } from "./support/portal";

// Issue 20's acceptance, in the console without code: a plan "Starter 8000" at PKR 8,000 with
// 5,000 calls a day is created, appears on the pricing page, is bought through the emulator's
// Checkout, its limits apply at the gateway, and a later price edit leaves the subscriber on the
// version they bought.

async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin?callbackUrl=%2Fadmin%2Fplans");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/admin\/plans$/);
  return page;
}

/** The requests/day limit the gateway applies to `key` (no per-minute limit on this plan). */
async function requestsLimit(request: APIRequestContext, key: string): Promise<string> {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: { model: "demo-chat", messages: [{ role: "user", content: "plans e2e" }], max_tokens: 8 },
  });
  expect(response.status()).toBe(200);
  return response.headers()["x-ratelimit-limit-requests"] ?? "";
}

test("an admin's plan is sold, enforced, and its edit leaves the subscriber on their version", async ({
  browser,
  page,
  request,
}) => {
  const admin = await adminPage(browser);

  await test.step("the admin creates Starter 8000 in the console", async () => {
    await admin.goto("/admin/plans");
    const form = admin.getByTestId("plan-create-form");
    await form.getByLabel("Id (slug)", { exact: true }).fill("starter-8000");
    await form.getByLabel("Name", { exact: true }).fill("Starter 8000");
    await form.getByLabel("Rank", { exact: true }).fill("1");
    await form.getByLabel("Monthly price (PKR)", { exact: true }).fill("8000");
    await form.getByLabel("Requests / day", { exact: true }).fill("5000");
    await form.getByLabel("Tokens / day", { exact: true }).fill("1000000");
    await form.getByLabel("Max tokens / request", { exact: true }).fill("2048");
    await form.getByLabel("Support", { exact: true }).fill("Email support");
    await form
      .getByLabel("Features (one per line)", { exact: true })
      .fill("5,000 calls a day\nEmail support");
    // A bad price is refused beside its field, and nothing is typed again.
    await form.getByLabel("Monthly price (PKR)", { exact: true }).fill("-5");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByText("A price cannot be negative")).toBeVisible();
    await form.getByLabel("Monthly price (PKR)", { exact: true }).fill("8000");
    await form.getByRole("button", { name: "Create plan" }).click();
    await expect(form.getByRole("status")).toContainText(
      "Created Starter 8000 (starter-8000), version 1.",
    );
    await admin.reload();
    const row = admin.getByTestId("plan-row-starter-8000");
    await expect(row).toContainText("PKR 8,000");
    await expect(row).toContainText("5,000");
    await screenshot(admin, "plans-admin-created");
  });

  await test.step("it appears on the pricing page", async () => {
    await page.goto("/");
    const card = page.getByTestId("plan-starter-8000");
    await expect(card.getByRole("heading", { name: "Starter 8000" })).toBeVisible();
    await expect(card.getByTestId("plan-price")).toHaveText("PKR 8,000");
    await expect(card).toContainText("Requests / day5,000");
    await expect(card).toContainText("Requests / minuteUnlimited");
  });

  await signUp(page, uniqueEmail("plans"));
  const { key } = await createKey(page, "plans-e2e");

  await test.step("a customer buys it through the emulator's Checkout", async () => {
    await page.goto("/dashboard/billing");
    await expect(page.getByTestId("billing-price-starter-8000")).toContainText("PKR 8,000");
    await page.getByTestId("billing-upgrade-starter-8000").click();
    await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\/cs_test_/);
    await expect(page.getByTestId("checkout-product")).toContainText("Starter 8000");
    await expect(page.getByTestId("checkout-amount")).toContainText("PKR 8,000.00");
    await screenshot(page, "plans-checkout");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter 8000");
  });

  await test.step("its limits apply at the gateway: 5,000 requests a day", async () => {
    expect(await requestsLimit(request, key)).toBe("5000");
  });

  await test.step("the admin edits its price and limit: a new version", async () => {
    await admin.goto("/admin/plans/starter-8000");
    const form = admin.getByTestId("plan-edit-form");
    await form.getByLabel("Monthly price (PKR)", { exact: true }).fill("9000");
    await form.getByLabel("Requests / day", { exact: true }).fill("6000");
    await form.getByRole("button", { name: "Save as a new version" }).click();
    await expect(form).toContainText("Saved as version 2");
    await admin.reload();
    await expect(admin.getByTestId("plan-version-1-accounts")).toHaveText("1");
    await expect(admin.getByTestId("plan-version-2-accounts")).toHaveText("0");
    await screenshot(admin, "plans-admin-versions");
  });

  await test.step("the existing subscriber stays on the version they bought", async () => {
    expect(await requestsLimit(request, key)).toBe("5000");
    await page.goto("/dashboard/billing");
    await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter 8000");
    await expect(page.getByTestId("billing-price-starter-8000")).toContainText("PKR 8,000");
    await page.goto("/");
    await expect(page.getByTestId("plan-starter-8000").getByTestId("plan-price")).toHaveText(
      "PKR 9,000",
    );
  });

  await test.step("moving subscribers puts them on the new version", async () => {
    await admin.goto("/admin/plans/starter-8000");
    await admin.getByTestId("move-subscribers").click();
    await expect(admin.getByTestId("move-subscribers-result")).toContainText(
      "1 accounts are on the latest version",
    );
    expect(await requestsLimit(request, key)).toBe("6000");
  });
});
