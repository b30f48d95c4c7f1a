import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { SCREENSHOT_DIR } from "./constants";

export const PASSWORD = "a-long-enough-password";

export function uniqueEmail(who: string): string {
  return `${who}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * Submits the sign-up form; every sign-up (new address or taken) lands on "Check your email".
 * Each page signs up from an address of its own (the server believes X-Forwarded-For from
 * loopback): sign-ups are throttled per address.
 */
export async function submitSignUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `2001:db8:${group()}:${group()}::1` });
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Signs up through the form, then signs in (test mode needs no link) and lands on the dashboard. */
export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await submitSignUp(page, email, password);
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates a key on the Keys page; returns the secret (shown once) and the key's id. */
export async function createKey(page: Page, label: string): Promise<{ key: string; id: string }> {
  await page.goto("/dashboard/keys");
  await page.getByLabel("Key name").fill(label);
  await page.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByTestId("new-key");
  await expect(reveal).toContainText("you won't see it again");
  const key = (await page.getByTestId("new-key-value").textContent())?.trim() ?? "";
  expect(key).toMatch(/^sk-[0-9A-Za-z]{38}$/);
  const row = page.getByTestId("key-row").filter({ hasText: label });
  await expect(row.getByTestId("key-display")).toHaveText(`sk-…${key.slice(-4)}`);
  const id = (await row.getAttribute("data-key-id")) ?? "";
  return { key, id };
}

export interface ChatCall {
  status: number;
  requestId: string;
  totalTokens: number;
}

/** One chat completion through the gateway with a Darwaza key, as a customer's program would. */
export async function chat(request: APIRequestContext, key: string): Promise<ChatCall> {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      model: "demo-chat",
      messages: [{ role: "user", content: "Hello from the e2e test" }],
      max_tokens: 32,
    },
  });
  const body: unknown = await response.json().catch(() => null);
  const usage =
    body && typeof body === "object" && "usage" in body
      ? (body.usage as { total_tokens?: number })
      : {};
  return {
    status: response.status(),
    requestId: response.headers()["x-request-id"] ?? "",
    totalTokens: usage.total_tokens ?? 0,
  };
}

/** Reloads `path` until `check` passes: usage events reach Postgres through a ~1 s batch writer. */
export async function eventually(
  page: Page,
  path: string,
  check: () => Promise<void>,
): Promise<void> {
  await expect(async () => {
    await page.goto(path);
    await check();
  }).toPass({ intervals: [250, 500, 1_000], timeout: 20_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}
