import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import {
  type ScriptedUpstream,
  scriptedUpstream,
} from "../lib/gateway/test-support/scripted-upstream";
import { E2E_ADMIN } from "./support/constants";
import { screenshot, signIn, uniqueEmail } from "./support/portal";

// Issue 8 in the browser: an admin adds an upstream and publishes a custom endpoint in the
// console, and a customer's key reaches both through /api/v1 on the shared e2e server.
test.describe.configure({ mode: "serial" });

const CREDENTIAL = "sk-upstream-credential-never-shown-back";
let upstream: ScriptedUpstream;
let customerKey: string;
let suffix: string;

test.beforeAll(async ({ request }) => {
  upstream = await scriptedUpstream("e2e-local");
  suffix = Math.random().toString(36).slice(2, 8);
  const response = await request.post("/api/admin/keys", {
    headers: { Authorization: `Bearer ${E2E_ADMIN.token}` },
    data: { email: uniqueEmail("routing"), label: "routing e2e" },
  });
  expect(response.status()).toBe(201);
  customerKey = ((await response.json()) as { key: string }).key;
});

test.afterAll(async () => {
  await upstream?.close();
});

async function signInAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(new RegExp(`${path.replaceAll("/", "\\/")}$`));
}

/** Retries a call until the gateway's store poller (≤ 1 s) has picked the console's change up. */
async function eventuallyStatus(
  call: () => Promise<{ status(): number }>,
  status: number,
): Promise<void> {
  await expect(async () => expect((await call()).status()).toBe(status)).toPass({
    intervals: [250, 500],
    timeout: 10_000,
  });
}

function chatWith(request: APIRequestContext, model: string) {
  return request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${customerKey}` },
    data: { model, messages: [{ role: "user", content: "salaam" }], max_tokens: 8 },
  });
}

test("an admin adds an upstream in the console; private hosts need an explicit allow", async ({
  page,
  request,
}) => {
  const name = `local-${suffix}`;
  const model = `e2e-chat-${suffix}`;
  await signInAsAdmin(page, "/admin/upstreams");
  const form = page.getByTestId("upstream-form");
  await form.getByLabel("Name (id)").fill(name);
  await form.getByLabel("Base URL").fill("http://169.254.169.254/v1");
  await form.getByLabel("Credential (write-only)").fill(CREDENTIAL);
  await form
    .getByLabel(/^Models/)
    .fill(JSON.stringify([{ id: model, upstreamModel: "local-model", minPlan: "free" }]));
  await form.getByRole("button", { name: "Save upstream" }).click();
  await expect(form.locator("#field-baseUrl-error")).toContainText(
    "private, loopback or link-local",
  );
  // A refused save keeps what the admin typed.
  await expect(form.getByLabel("Name (id)")).toHaveValue(name);

  await form.getByLabel("Base URL").fill(`${upstream.url}/v1`);
  await form.getByRole("button", { name: "Save upstream" }).click();
  await expect(form.locator("#field-baseUrl-error")).toContainText("127.0.0.1");
  await expect(page.getByTestId("stored-upstream-row").filter({ hasText: name })).toHaveCount(0);

  await form.getByLabel("Allow a private / loopback host").check();
  await form.getByRole("button", { name: "Save upstream" }).click();
  await expect(form.getByText(`Saved ${name}`)).toBeVisible();
  await page.reload();
  const row = page.getByTestId("stored-upstream-row").filter({ hasText: name });
  await expect(row).toContainText(`${upstream.url}/v1`);
  await expect(row).toContainText("set");
  await expect(row).toContainText("private host allowed");
  // Write-only: the credential is never sent back to a browser.
  expect(await page.content()).not.toContain(CREDENTIAL);

  // The customer's key now reaches the local upstream with the model's public name.
  await eventuallyStatus(() => chatWith(request, model), 200);
  const response = await chatWith(request, model);
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  expect(body.choices[0].message.content).toBe("from e2e-local");
  const seen = upstream.calls.at(-1);
  expect(seen?.path).toBe("/v1/chat/completions");
  expect(seen?.auth).toBe(`Bearer ${CREDENTIAL}`);
  expect(JSON.parse(seen?.body ?? "{}").model).toBe("local-model");

  // Its status row shows the calls it served.
  await page.reload();
  const status = page.getByTestId("routing-row").filter({ hasText: name });
  await expect(status).toContainText(model);
  await expect(status).toContainText("healthy");
  await screenshot(page, "admin-upstreams");
});

test("an admin publishes a custom endpoint; a key reaches it, metered per request", async ({
  page,
  request,
}) => {
  const path = `e2e/sentiment-${suffix}`;
  await signInAsAdmin(page, "/admin/endpoints");
  const form = page.getByTestId("endpoint-form");
  await form.getByLabel("Path after /api/v1/x/").fill(path);
  await form.getByLabel("Upstream URL").fill(`${upstream.url}/classify`);
  await form.getByLabel("Price per request (paisa)").fill("150");
  await form.getByLabel("Allow a private / loopback host").check();
  await form.getByRole("button", { name: "Publish endpoint" }).click();
  await expect(form.getByText(`Published /api/v1/x/${path}`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("custom-endpoint-row").filter({ hasText: path })).toContainText(
    "150 paisa / request",
  );
  await screenshot(page, "admin-endpoints");

  const url = `/api/v1/x/${path}`;
  let served = 0;
  const call = async () => {
    const response = await request.post(url, {
      headers: { Authorization: `Bearer ${customerKey}`, "Content-Type": "application/json" },
      data: { text: "bohat acha" },
    });
    if (response.status() === 200) served += 1;
    return response;
  };
  await eventuallyStatus(call, 200);
  const response = await call();
  expect(response.headers()["x-ratelimit-limit"]).toBeTruthy();
  expect(upstream.calls.at(-1)).toMatchObject({ path: "/classify", body: '{"text":"bohat acha"}' });
  expect((await request.post(url, { data: { text: "no key" } })).status()).toBe(401);

  // Every call it served is in the customer's usage, billed at 150 paisa (PKR 1.50) each.
  expect(served).toBeGreaterThanOrEqual(2);
  await expect(async () => {
    const usage = await request.get("/api/v1/usage", {
      headers: { Authorization: `Bearer ${customerKey}` },
    });
    const body = (await usage.json()) as {
      breakdown: { endpoint: string; billed_requests: number; cost: { amount_paisa: number } }[];
    };
    const row = body.breakdown.find((entry) => entry.endpoint === `x/${path}`);
    expect(row?.billed_requests).toBe(served);
    expect(row?.cost.amount_paisa).toBe(served * 150);
  }).toPass({ intervals: [500, 1_000], timeout: 15_000 });
});
