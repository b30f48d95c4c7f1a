import { type APIRequestContext, expect, test } from "@playwright/test";
import { chat, createKey, eventually, screenshot, signUp, uniqueEmail } from "./support/portal";

/** A chat call the gateway refuses as bad input (recorded, not billed): max_tokens must be positive. */
async function badChat(request: APIRequestContext, key: string) {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: { model: "demo-chat", messages: [{ role: "user", content: "hi" }], max_tokens: -1 },
  });
  return { status: response.status(), requestId: response.headers()["x-request-id"] ?? "" };
}

// Issue 21's request log: real calls with a real key appear with the response's x-request-id,
// filter by status, open to their details, and the page fits a phone.
test("a customer finds their calls in the request log by request id and status", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("reqlog"));
  const { key } = await createKey(page, "log-app");

  const ok = await chat(request, key);
  const ok2 = await chat(request, key);
  const bad = await badChat(request, key);
  expect(ok.status).toBe(200);
  expect(ok2.status).toBe(200);
  expect(bad.status).toBeGreaterThanOrEqual(400);
  expect(bad.status).toBeLessThan(500);
  for (const id of [ok.requestId, ok2.requestId, bad.requestId]) expect(id).toMatch(/^req_/);

  await test.step("the nav leads to the log, which lists every call by its request id", async () => {
    await page.goto("/dashboard");
    await page
      .getByRole("navigation", { name: "Dashboard" })
      .getByRole("link", { name: "Requests" })
      .click();
    await expect(page).toHaveURL(/\/dashboard\/requests$/);
    await eventually(page, "/dashboard/requests", async () => {
      await expect(page.getByTestId("request-log-row")).toHaveCount(3, { timeout: 1_000 });
    });
    // Newest first: the refused call was made last.
    const rows = page.getByTestId("request-log-row");
    await expect(rows.nth(0)).toHaveAttribute("data-request-id", bad.requestId);
    const okRow = page.locator(`[data-request-id="${ok.requestId}"]`);
    await expect(okRow).toContainText("200");
    await expect(okRow).toContainText("demo-chat");
    await expect(okRow).toContainText("chat.completions");
    await expect(okRow).toContainText(/\d+ ms/);
    await expect(okRow).toContainText(String(ok.totalTokens));
    await expect(okRow).toContainText("Rs ");
  });

  await test.step("a row opens to its request id, key and cost", async () => {
    const okRow = page.locator(`[data-request-id="${ok.requestId}"]`);
    await expect(okRow.getByTestId("request-detail")).toBeHidden();
    await okRow.locator("summary").click();
    const detail = okRow.getByTestId("request-detail");
    await expect(detail).toBeVisible();
    await expect(detail.getByTestId("request-id")).toHaveText(ok.requestId);
    await expect(detail).toContainText("log-app");
    await screenshot(page, "request-log");
  });

  await test.step("filtering by status keeps only matching calls, in the URL", async () => {
    await page.getByLabel("Status").selectOption("4xx");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=4xx/);
    const rows = page.getByTestId("request-log-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-request-id", bad.requestId);
    await expect(rows.first()).toHaveAttribute("data-status", String(bad.status));

    await page.getByLabel("Status").selectOption("2xx");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=2xx/);
    await expect(rows).toHaveCount(2);
    const ids = await rows.evaluateAll((els) =>
      els.map((el) => el.getAttribute("data-request-id")),
    );
    expect(ids.sort()).toEqual([ok.requestId, ok2.requestId].sort());

    await page.goto(`/dashboard/requests?status=${bad.status}`);
    await expect(rows).toHaveCount(1);
    await page.goto("/dashboard/requests?status=5xx");
    await expect(page.getByTestId("empty-state")).toContainText("No requests found");
  });

  await test.step("the JSON API agrees, pages by cursor and refuses a bad filter with 400", async () => {
    const first = await page.request.get("/api/dashboard/requests?limit=2");
    expect(first.status()).toBe(200);
    const body = await first.json();
    expect(body.data.map((r: { id: string }) => r.id)).toEqual([bad.requestId, ok2.requestId]);
    expect(body.next_cursor).toEqual(expect.any(String));
    const next = await (
      await page.request.get(`/api/dashboard/requests?limit=2&cursor=${body.next_cursor}`)
    ).json();
    expect(next.data.map((r: { id: string }) => r.id)).toEqual([ok.requestId]);
    expect(next.next_cursor).toBeNull();
    const refused = await page.request.get("/api/dashboard/requests?status=teapot");
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: "invalid_filter", param: "status" });
  });

  await test.step("a page of the log never scrolls sideways at 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard/requests");
    await expect(page.getByTestId("request-log-row")).toHaveCount(3);
    await page.locator(`[data-request-id="${ok.requestId}"] summary`).click();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "request-log-phone");
  });
});
