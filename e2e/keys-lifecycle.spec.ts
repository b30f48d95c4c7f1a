import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { chat, createKey, eventually, screenshot, signUp, uniqueEmail } from "./support/portal";

// Issue 21, key lifecycle: roll with an overlap (both secrets work, then only the new one), a
// model scope, an IP allowlist and a key's own requests/minute, all set in the portal and
// enforced by the gateway. The server sees this test's calls from loopback (127.0.0.1 or ::1).

async function errorOf(
  request: APIRequestContext,
  key: string,
  model = "demo-chat",
): Promise<{ status: number; code: string; message: string; retryAfter: string | undefined }> {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: { model, messages: [{ role: "user", content: "hi" }], max_tokens: 8 },
  });
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = await response.json();
  return {
    status: response.status(),
    code: body.error?.code ?? "",
    message: body.error?.message ?? "",
    retryAfter: response.headers()["retry-after"],
  };
}

async function roll(page: Page, overlap: string, shot?: string): Promise<string> {
  const card = page.getByTestId("roll-key");
  await card.getByLabel("Old secret keeps working for").selectOption({ label: overlap });
  await card.getByRole("button", { name: "Roll key" }).click();
  await expect(card.getByTestId("new-key")).toContainText("you won't see it again");
  const secret = (await card.getByTestId("new-key-value").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^sk-[0-9A-Za-z]{38}$/);
  if (shot) await screenshot(page, shot);
  // Dismissed, so the next roll's secret is not confused with this one.
  await card.getByRole("button", { name: "I've saved it" }).click();
  await expect(card.getByTestId("new-key")).toHaveCount(0);
  return secret;
}

async function saveRestrictions(page: Page, id: string, edit: () => Promise<void>): Promise<void> {
  await page.goto(`/dashboard/keys/${id}`);
  await edit();
  const form = page.getByTestId("key-settings");
  await form.getByRole("button", { name: "Save restrictions" }).click();
  await expect(form.getByTestId("key-settings-saved")).toBeVisible();
}

test("a key is rolled with an overlap, scoped, allowlisted and limited below its plan", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("lifecycle"));
  const first = await createKey(page, "rolling");
  const { id } = first;
  expect((await chat(request, first.key)).status).toBe(200);

  const second = await test.step("roll with a 1 hour overlap: both secrets work", async () => {
    await page.goto(`/dashboard/keys/${id}`);
    const secret = await roll(page, "1 hour", "keys-rolled-new-secret-shown-once");
    expect(secret).not.toBe(first.key);
    expect((await chat(request, first.key)).status).toBe(200);
    expect((await chat(request, secret)).status).toBe(200);
    // Same key: the page it was rolled on is still its page, with its name.
    await page.reload();
    await expect(page.getByTestId("key-label")).toHaveText("rolling");
    await expect(page.getByTestId("old-secret")).toContainText("previous secret works until");
    return secret;
  });

  await test.step("the overlap ends: only the new secret works", async () => {
    await page.getByRole("button", { name: "Stop the old secret now" }).click();
    await expect(page.getByTestId("old-secret")).toHaveCount(0);
    const refused = await errorOf(request, first.key);
    expect(refused.status).toBe(401);
    expect(refused.code).toBe("invalid_api_key");
    expect((await chat(request, second)).status).toBe(200);
  });

  const third = await test.step("a roll with no overlap ends the old secret at once", async () => {
    const secret = await roll(page, "No overlap: the old secret stops now");
    expect((await errorOf(request, second)).status).toBe(401);
    expect((await chat(request, secret)).status).toBe(200);
    return secret;
  });

  await test.step("a model scope refuses other models with a 403 JSON error", async () => {
    await saveRestrictions(page, id, async () => {
      await page.getByTestId("key-settings").getByLabel("demo-embedding").check();
    });
    await expect(page.getByTestId("key-restrictions")).toContainText("Models: demo-embedding");
    const refused = await errorOf(request, third, "demo-chat");
    expect(refused.status).toBe(403);
    expect(refused.code).toBe("model_not_allowed_for_key");
    expect(refused.message).toContain("demo-chat");
    await saveRestrictions(page, id, async () => {
      await page.getByTestId("key-settings").getByLabel("demo-embedding").uncheck();
    });
  });

  await test.step("an IP allowlist without the client's address refuses; with it, allows", async () => {
    await saveRestrictions(page, id, async () => {
      await page.getByLabel("IP allowlist").fill("10.0.0.0/8\nfd00::/8");
    });
    const refused = await errorOf(request, third);
    expect(refused.status).toBe(403);
    expect(refused.code).toBe("ip_not_allowed");
    expect(refused.message).toMatch(/127\.0\.0\.1|::1/);
    await saveRestrictions(page, id, async () => {
      await page.getByLabel("IP allowlist").fill("10.0.0.0/8\n127.0.0.1\n::1");
    });
    await expect(page.getByTestId("key-restrictions")).toContainText("127.0.0.1/32");
    expect((await chat(request, third)).status).toBe(200);
  });

  await test.step("its own requests/minute below the plan's: 429 with Retry-After", async () => {
    await saveRestrictions(page, id, async () => {
      await page.getByLabel("Requests per minute").fill("2");
    });
    expect((await chat(request, third)).status).toBe(200);
    expect((await chat(request, third)).status).toBe(200);
    const limited = await errorOf(request, third);
    expect(limited.status).toBe(429);
    expect(limited.code).toBe("rate_limit_exceeded");
    expect(limited.message).toContain("this API key");
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
  });

  await test.step("a limit above the plan's is refused in the form", async () => {
    await page.goto(`/dashboard/keys/${id}`);
    await page.getByLabel("Requests per minute").fill("100000");
    await page.getByRole("button", { name: "Save restrictions" }).click();
    await expect(page.getByTestId("key-settings")).toContainText("Your plan allows at most");
  });

  await test.step("the key shows when and from where it was last used", async () => {
    await eventually(page, `/dashboard/keys/${id}`, async () => {
      await expect(page.getByTestId("key-fact-last-used-from")).toHaveText(/127\.0\.0\.1|::1/, {
        timeout: 1_000,
      });
    });
    await screenshot(page, "keys-lifecycle-key-page");
    await page.setViewportSize({ width: 390, height: 844 });
    // The lifecycle parts of the page fit a phone's width (no sideways scroll from them).
    const overflowing = await page.evaluate(() =>
      ["roll-key", "key-settings", "key-restrictions"].filter((id) => {
        const element = document.querySelector(`[data-testid="${id}"]`);
        return !element || element.getBoundingClientRect().right > window.innerWidth + 0.5;
      }),
    );
    expect(overflowing).toEqual([]);
    await screenshot(page, "keys-lifecycle-key-page-390");
  });
});

test("a key created with an expiry and as read-only is enforced", async ({ page, request }) => {
  await signUp(page, uniqueEmail("readonly"));
  await page.goto("/dashboard/keys");
  await page.getByText("Expiry and restrictions (optional)").click();
  await page.getByLabel("Expires").selectOption({ label: "In 7 days" });
  await page.getByLabel("Read-only usage key").check();
  await page.getByLabel("Key name").fill("usage-reader");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key-value").textContent())?.trim() ?? "";
  expect(key).toMatch(/^sk-[0-9A-Za-z]{38}$/);
  const row = page.getByTestId("key-row").filter({ hasText: "usage-reader" });
  const id = (await row.getAttribute("data-key-id")) ?? "";
  const usage = await request.get("/api/v1/usage", { headers: { Authorization: `Bearer ${key}` } });
  expect(usage.status()).toBe(200);
  const refused = await errorOf(request, key);
  expect(refused.status).toBe(403);
  expect(refused.code).toBe("key_read_only");
  await page.goto(`/dashboard/keys/${id}`);
  await expect(page.getByTestId("key-fact-expires")).not.toHaveText("Never");
  await expect(page.getByTestId("key-restrictions")).toContainText("Read-only");
});
