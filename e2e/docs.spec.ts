import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";
import { createKey, screenshot, signUp, uniqueEmail } from "./support/portal";

// Issue 21's API reference: the public OpenAPI document, /docs linked from the landing page and
// the dashboard, and its try-it console calling this server with a key made in the portal.
test("the API reference is public, and its try-it console calls this server with a real key", async ({
  page,
  request,
}) => {
  await test.step("the OpenAPI document needs no key and names this server", async () => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0].url).toBe(`${E2E_BASE_URL}/api/v1`);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/chat/completions", "/models", "/usage"]),
    );
    // npm start's front door gives every spelling of the path to the gateway.
    for (const path of ["/api/v1/openapi.json/", "/API/V1//openapi.json"]) {
      expect((await request.get(path)).status(), path).toBe(200);
    }
  });

  await test.step("the landing page links to /docs, which renders the reference", async () => {
    await page.goto("/");
    await page.getByRole("navigation").getByRole("link", { name: "Docs" }).click();
    await expect(page).toHaveURL(/\/docs$/);
    await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Darwaza API" })).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByText("Vercel AI SDK").first()).toBeVisible();
    await screenshot(page, "docs-reference");
  });

  await signUp(page, uniqueEmail("docs"));
  await expect(page.getByRole("link", { name: "API docs" }).first()).toBeVisible();
  const { key } = await createKey(page, "docs-try-it");

  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: "Darwaza API" })).toBeVisible({
    timeout: 20_000,
  });
  await page.getByPlaceholder("Token").first().fill(key);

  await test.step("GET /models from the console: 200 with this plan's models", async () => {
    await page.getByRole("button", { name: "Open Group - Models" }).first().click();
    // The reference renders an operation's console button once the operation is shown.
    await page.getByRole("link", { name: "List models" }).first().click();
    await page.getByRole("button", { name: "Test Request (get /models)" }).click();
    const call = page.waitForResponse(
      (r) => r.url() === `${E2E_BASE_URL}/api/v1/models` && r.request().method() === "GET",
    );
    await page.getByRole("button", { name: /^Send/ }).first().click();
    const response = await call;
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toBe(`Bearer ${key}`);
    await expect(page.getByText("200 OK").first()).toBeVisible();
    await expect(page.getByText('"demo-chat"').first()).toBeVisible();
    await screenshot(page, "docs-try-it-models");
    await page.keyboard.press("Escape");
  });

  await test.step("POST /chat/completions from the console: 200 with usage.cost", async () => {
    await page.getByRole("link", { name: "Create a chat completion" }).first().click();
    await page.getByRole("button", { name: "Test Request (post /chat/completions)" }).click();
    const call = page.waitForResponse(
      (r) =>
        r.url() === `${E2E_BASE_URL}/api/v1/chat/completions` && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: /^Send/ }).first().click();
    const response = await call;
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.object).toBe("chat.completion");
    expect(typeof body.usage.cost).toBe("number");
    expect(response.headers()["x-darwaza-cost-micros"]).toMatch(/^\d+$/);
    await expect(page.getByText("200 OK").first()).toBeVisible();
    await expect(page.getByText('"chat.completion"').first()).toBeVisible();
    await screenshot(page, "docs-try-it-chat");
    await page.keyboard.press("Escape");
  });

  await test.step("at 390 px the page does not scroll sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/docs");
    await expect(page.getByRole("heading", { name: "Darwaza API" })).toBeVisible({
      timeout: 20_000,
    });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "docs-390");
  });
});
