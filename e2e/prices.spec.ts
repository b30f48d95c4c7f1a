import { expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { screenshot, signIn, uniqueEmail } from "./support/portal";

// Issue 20's price book in the browser: an admin gives a model a new price in the console, is
// refused a price that would round each call, sees the history, and the next call is charged it.
test.describe.configure({ mode: "serial" });

let customerKey: string;

test.beforeAll(async ({ request }) => {
  const response = await request.post("/api/admin/keys", {
    headers: { Authorization: `Bearer ${E2E_ADMIN.token}` },
    data: { email: uniqueEmail("prices"), label: "prices e2e" },
  });
  expect(response.status()).toBe(201);
  customerKey = ((await response.json()) as { key: string }).key;
});

async function signInAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/admin\/prices/);
}

test("an admin prices a model in the console and the next call is charged at it", async ({
  page,
  request,
}) => {
  await signInAsAdmin(page, "/admin/prices");
  const row = page.getByTestId("price-row").filter({ hasText: "demo-embedding" });
  // Seeded at first start from the demo configuration: 1 paisa per 1K tokens = PKR 10 per 1M.
  await expect(row).toContainText("10 / 10 / 0");
  await row.getByRole("link", { name: /Edit/ }).click();
  await expect(page).toHaveURL(/model=demo-embedding/);
  await expect(page.getByTestId("price-history-row")).toHaveCount(1);
  await expect(page.getByTestId("price-history-row")).toContainText("configuration");

  const form = page.getByTestId("price-form");
  await form.getByLabel("Input, per 1M tokens").first().fill("7.5");
  await form.getByRole("button", { name: "Add this version" }).click();
  await expect(form).toContainText("Whole rupees per 1M tokens");

  await form.getByLabel("Input, per 1M tokens").first().fill("7");
  await form.getByRole("button", { name: "Add this version" }).click();
  await expect(form).toContainText("New price for demo-embedding");
  await page.reload();
  await expect(page.getByTestId("price-history-row")).toHaveCount(2);
  await expect(page.getByTestId("price-history-row").first()).toContainText(E2E_ADMIN.email);
  await screenshot(page, "admin-price-book");

  // The gateway charges it within a poll: 7 micros a token, in the body, header and usage.
  await expect(async () => {
    const response = await request.post("/api/v1/embeddings", {
      headers: { Authorization: `Bearer ${customerKey}` },
      data: { model: "demo-embedding", input: "salaam dunya" },
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { usage: { prompt_tokens: number; cost: number } };
    const micros = body.usage.prompt_tokens * 7;
    expect(Math.round(body.usage.cost * 1e6)).toBe(micros);
    expect(response.headers()["x-darwaza-cost-micros"]).toBe(String(micros));
  }).toPass({ intervals: [250, 500], timeout: 10_000 });

  await page.goto("/admin/audit?action=price.version.add");
  const audit = page.locator('[data-testid="audit-row"][data-action="price.version.add"]');
  await expect(audit.first()).toContainText(E2E_ADMIN.email);
  await expect(audit.first()).toContainText("demo-embedding");
});
