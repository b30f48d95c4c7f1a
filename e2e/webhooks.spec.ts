import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { E2E_ADMIN } from "./support/constants";
import { chat, createKey, screenshot, signIn, signUp, uniqueEmail } from "./support/portal";

/**
 * Alerts and webhooks as a customer lives them: register an endpoint (a real HTTP server this
 * spec starts on 127.0.0.1, which the e2e server's DARWAZA_WEBHOOK_ALLOW_HOSTS opens), create a
 * key and cross 50% of a small daily allowance with real calls; the alert mail lands in the
 * test-mode outbox and each webhook verifies with the `standardwebhooks` library. The receiver
 * refuses the first attempt (500): the delivery is retried and its log shows 2 attempts; resend
 * from the portal delivers it again.
 */
interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Hook[] = [];
let answers = 0;
let receiver: Server;
let receiverUrl = "";

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      answers++;
      // The first attempt ever fails, as a receiver that is briefly down would.
      res.writeHead(answers === 1 ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/darwaza`;
});

test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

function verified(secret: string, type: string) {
  const payloads = received.flatMap((hook) => {
    try {
      const headers = Object.fromEntries(
        Object.entries(hook.headers).map(([name, value]) => [name, String(value)]),
      );
      const payload = new Webhook(secret).verify(hook.body, headers) as {
        type: string;
        data: Record<string, unknown>;
      };
      return payload.type === type ? [{ id: String(hook.headers["webhook-id"]), payload }] : [];
    } catch {
      return [];
    }
  });
  return payloads;
}

async function asAdmin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).not.toHaveURL(/\/signin/);
  return page;
}

test("alert mail and signed webhooks: retried after a 500, logged, resent", async ({
  page,
  browser,
  request,
}) => {
  const email = uniqueEmail("hooks");
  await signUp(page, email);

  const secret = await test.step("register the endpoint: the secret is shown once", async () => {
    await page.goto("/dashboard/webhooks");
    await page.getByLabel("Endpoint URL").fill(receiverUrl);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const value = (await page.getByTestId("webhook-secret-value").textContent())?.trim() ?? "";
    expect(value).toMatch(/^whsec_/);
    await expect(page.getByTestId("endpoint-row")).toContainText(receiverUrl);
    return value;
  });

  await test.step("an admin gives the account a small daily allowance (10 requests)", async () => {
    const admin = await asAdmin(browser);
    await admin.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
    await admin.getByTestId("customer-row").filter({ hasText: email }).getByRole("link").click();
    const form = admin.getByTestId("enterprise-form");
    await form.getByLabel("Requests per minute").fill("");
    await form.getByLabel("Requests per day").fill("10");
    await form.getByLabel("Tokens per day").fill("");
    await form.getByLabel("Max tokens per request").fill("");
    await form.getByLabel("Price per month (PKR)").fill("1000");
    await form.getByRole("button", { name: "Save Enterprise terms" }).click();
    await expect(form.getByRole("status")).toContainText("Saved");
    await admin.context().close();
  });

  const { key, id: keyId } = await createKey(page, "alerts");

  await test.step("key created: the first attempt gets a 500, the retry delivers", async () => {
    await expect
      .poll(() => verified(secret, "api_key.created").length, { timeout: 20_000 })
      .toBe(2);
    const [first, second] = verified(secret, "api_key.created");
    expect(second.id).toBe(first.id);
    expect(second.payload.data.key_id).toBe(keyId);
    await expect(async () => {
      await page.goto("/dashboard/webhooks");
      const row = page.getByTestId("delivery-row").filter({ hasText: "api_key.created" });
      await expect(row.getByTestId("delivery-status")).toHaveText("succeeded");
      await expect(row.getByTestId("delivery-attempts")).toHaveText("2 attempts");
      await expect(row.getByTestId("delivery-code")).toContainText("204");
    }).toPass({ intervals: [250, 500, 1_000], timeout: 20_000 });
  });

  await test.step("5 real calls of 10 a day: 50% reached, exactly once", async () => {
    for (let i = 0; i < 6; i++) expect((await chat(request, key)).status).toBe(200);
    await expect
      .poll(() => verified(secret, "usage.threshold_reached").length, { timeout: 20_000 })
      .toBe(1);
    const [alert] = verified(secret, "usage.threshold_reached");
    expect(alert.payload.data).toMatchObject({
      window: "requests_per_day",
      percent: 50,
      limit: 10,
      used: 5,
    });
  });

  await test.step("the owner got both alerts by mail (test-mode outbox)", async () => {
    const admin = await asAdmin(browser);
    await expect(async () => {
      await admin.goto("/admin/outbox");
      const rows = admin.getByTestId("outbox-row").filter({ hasText: email });
      await expect(rows.filter({ hasText: 'API key "alerts" created' })).toHaveCount(1);
      await expect(
        rows.filter({ hasText: "You have used 50% of today's request allowance" }),
      ).toHaveCount(1);
    }).toPass({ intervals: [250, 500, 1_000], timeout: 20_000 });
    await admin.context().close();
  });

  await test.step("resend from the portal delivers the event again", async () => {
    const before = verified(secret, "api_key.created").length;
    await page.goto("/dashboard/webhooks");
    await page
      .getByTestId("delivery-row")
      .filter({ hasText: "api_key.created" })
      .getByRole("button", { name: "Resend" })
      .click();
    await expect(page.getByRole("status").filter({ hasText: "Sent again" })).toBeVisible();
    await expect.poll(() => verified(secret, "api_key.created").length).toBe(before + 1);
    await expect(async () => {
      await page.goto("/dashboard/webhooks");
      const rows = page.getByTestId("delivery-row").filter({ hasText: "api_key.created" });
      await expect(rows).toHaveCount(2);
      await expect(rows.and(page.locator('[data-status="succeeded"]'))).toHaveCount(2);
    }).toPass({ intervals: [250, 500, 1_000], timeout: 20_000 });
    await screenshot(page, "dashboard-webhooks");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/dashboard/webhooks");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, "dashboard-webhooks-390");
  });
});
