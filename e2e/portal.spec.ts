import { expect, test } from "@playwright/test";
import { formatCount } from "../lib/plans/money";
import { PLANS } from "../lib/plans/plans";
import {
  chat,
  createKey,
  eventually,
  PASSWORD,
  screenshot,
  signIn,
  signUp,
  uniqueEmail,
} from "./support/portal";

// Issue 4's main journey: sign up → Free dashboard → key → API call seen in the portal →
// revoke → 403 → sign out → sign-in comes back where it was going.
test("a customer signs up, calls the API with a new key, sees it, revokes it and signs out", async ({
  page,
  request,
  context,
}) => {
  const email = uniqueEmail("journey");
  const free = PLANS.free.limits;

  await test.step("sign up lands on the dashboard, on Free, with a first-key hint", async () => {
    await signUp(page, email);
    await expect(page.getByTestId("current-plan")).toHaveText("Free");
    await expect(page.getByRole("link", { name: "Create a key" })).toBeVisible();
    await expect(page.getByTestId("limit-rpd").getByTestId("limit-value")).toHaveText(
      `0 / ${formatCount(free.requestsPerDay)}`,
    );
    await expect(page.getByTestId("snippet-curl")).toContainText("/api/v1/chat/completions");
    const session = (await context.cookies()).find((c) =>
      c.name.endsWith("next-auth.session-token"),
    );
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  });

  await page.goto("/dashboard/keys");
  await expect(page.getByTestId("empty-state")).toContainText("No keys yet");
  const { key } = await createKey(page, "e2e-app");
  await screenshot(page, "keys-new-key-shown-once");

  const call = await test.step("the test calls /api/v1/chat/completions with the key", async () => {
    const result = await chat(request, key);
    expect(result.status).toBe(200);
    expect(result.requestId).not.toBe("");
    expect(result.totalTokens).toBeGreaterThan(0);
    return result;
  });

  await test.step("the call appears in recent requests and in today's charts", async () => {
    await eventually(page, "/dashboard/usage", async () => {
      await expect(page.locator(`[data-request-id="${call.requestId}"]`)).toBeVisible({
        timeout: 1_000,
      });
    });
    const row = page.locator(`[data-request-id="${call.requestId}"]`);
    await expect(row).toContainText("e2e-app");
    await expect(row).toContainText("demo-chat");
    await expect(row).toContainText("200");
    const requests = page.getByTestId("chart-table-requests");
    await expect(requests.locator("tbody tr")).toHaveCount(1);
    await expect(requests.getByTestId("total")).toHaveText("1");
    await expect(page.getByTestId("chart-table-tokens").getByTestId("total")).toHaveText(
      String(call.totalTokens),
    );
    await expect(
      page.getByTestId("chart-requests").locator(".recharts-bar-rectangle").first(),
    ).toBeVisible();
    await screenshot(page, "usage");
    await page.getByRole("link", { name: "By endpoint" }).click();
    await expect(page.getByTestId("chart-requests")).toContainText("by endpoint");
    await expect(page.getByTestId("chart-table-requests").getByTestId("total")).toHaveText("1");
  });

  await test.step("today's bars on the overview count the call", async () => {
    await page.goto("/dashboard");
    await expect(page.getByTestId("limit-rpd").getByTestId("limit-value")).toHaveText(
      `1 / ${formatCount(free.requestsPerDay)}`,
    );
    await expect(page.getByTestId("limit-tpd").getByTestId("limit-value")).toHaveText(
      `${formatCount(call.totalTokens)} / ${formatCount(free.tokensPerDay)}`,
    );
    await expect(page.getByTestId("limit-rpd").getByRole("progressbar")).toHaveAttribute(
      "aria-valuenow",
      "1",
    );
    await expect(page.getByTestId("month-requests-value")).toHaveText("1");
    await expect(page.getByTestId("month-cost-value")).toContainText("PKR");
    await screenshot(page, "overview");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "overview-phone");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step("the month exports as CSV", async () => {
    await page.goto("/dashboard/usage");
    const href = (await page.getByTestId("export-current-month").getAttribute("href")) ?? "";
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain(call.requestId);
  });

  await test.step("revoking in the browser stops the key at once", async () => {
    await page.goto("/dashboard/keys");
    await screenshot(page, "keys");
    const row = page.getByTestId("key-row").filter({ hasText: "e2e-app" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(row.getByTestId("key-status")).toHaveText("revoked");
    expect((await chat(request, key)).status).toBe(403);
  });

  await test.step("sign out; /dashboard redirects to sign-in and comes back after it", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
    // A relative Location, so a visitor who came by IP or another host name stays on it.
    const redirect = await request.get("/dashboard/keys", { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toBe("/signin?callbackUrl=%2Fdashboard%2Fkeys");
    await page.goto("/dashboard/usage?split=endpoint");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard%2Fusage%3Fsplit%3Dendpoint$/);
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/dashboard\/usage\?split=endpoint$/);
    await expect(page.getByTestId("chart-requests")).toContainText("by endpoint");
  });
});
