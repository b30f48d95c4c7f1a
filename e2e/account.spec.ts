import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";
import { startTestServer, type TestServer } from "../lib/admin/test-support/server";
import { tokenHash } from "../lib/auth/email-token";
import { createFreshDatabase, type FreshDatabase } from "../lib/db/test-support/fresh-database";
import {
  type ReceivedMail,
  startTestSmtpServer,
  type TestSmtpServer,
} from "../lib/mail/test-support/smtp-server";
import { E2E_ADMIN } from "./support/constants";
import {
  chat,
  createKey,
  PASSWORD,
  screenshot,
  signIn,
  signUp,
  uniqueEmail,
} from "./support/portal";

// Issue 21, Account: forgot/reset password, change password, change email, export, delete.
// The first test runs on the shared server in test mode (mail in the admin outbox). The rest run
// on a server of this spec's own whose mail goes over SMTP to a real SMTP server the spec starts,
// on a database the spec can read (tokens, usage kept after deletion).

const PORT = Number(process.env.E2E_ADMIN_PORT ?? 3191);
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NEW_PASSWORD = "a-brand-new-password";

function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
}

async function requestReset(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText(
    "If an account uses that address",
  );
}

async function chooseNewPassword(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password").fill(password);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/signin\?reset=done$/);
  await expect(page.getByTestId("signin-reset-done")).toBeVisible();
}

async function expectDeadLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId("reset-result")).toHaveText("This link does not work");
}

test("reset password through the test-mode outbox: the link works once, old sessions end", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("reset-outbox");
  await signUp(page, email);
  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await requestReset(visitor, email);
  await screenshot(visitor, "account-forgot-password");

  await test.step("an unknown address gets the same answer and no mail", async () => {
    await requestReset(visitor, uniqueEmail("nobody"));
  });

  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/signin?callbackUrl=%2Fadmin%2Foutbox");
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin).toHaveURL(/\/admin\/outbox$/);
  let link = "";
  await expect(async () => {
    await admin.reload();
    const row = admin
      .getByTestId("outbox-row")
      .filter({ hasText: email })
      .filter({ hasText: "Reset your Darwaza password" });
    await expect(row).toHaveCount(1, { timeout: 1_000 });
    link = linkIn((await row.textContent()) ?? "", "/reset-password");
  }).toPass({ timeout: 15_000 });
  await expect(admin.getByTestId("outbox-row").filter({ hasText: "nobody-" })).toHaveCount(0);

  await chooseNewPassword(visitor, link, NEW_PASSWORD);
  await screenshot(visitor, "account-reset-done");
  await signIn(visitor, email, NEW_PASSWORD);
  await expect(visitor).toHaveURL(/\/dashboard$/);

  await test.step("the link is spent, and the browser signed in before the reset is signed out", async () => {
    await expectDeadLink(visitor, link);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin/);
  });
  await anonymous.close();
});

test("the account pages fit a 390 px screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, uniqueEmail("narrow"));
  for (const [path, name] of [
    ["/dashboard/account", "account-page-390"],
    ["/forgot-password", "account-forgot-390"],
    ["/reset-password?token=not-a-real-token-at-all", "account-reset-dead-390"],
  ] as const) {
    await page.goto(path);
    await screenshot(page, name);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
});

test.describe("with mail over a real SMTP server", () => {
  test.describe.configure({ mode: "serial" });

  let smtp: TestSmtpServer;
  let database: FreshDatabase;
  let db: pg.Pool;
  let server: TestServer;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    smtp = await startTestSmtpServer();
    dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-account-e2e-"));
    database = await createFreshDatabase({ serverUrl });
    db = new pg.Pool({ connectionString: database.url, max: 2 });
    server = await startTestServer({
      port: PORT,
      databaseUrl: database.url,
      dataDir,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: "Darwaza <no-reply@darwaza.test>",
        // Keys work before the address is confirmed: this spec is about the account's pages.
        DARWAZA_REQUIRE_EMAIL_VERIFICATION: "false",
        DARWAZA_ADMIN_EMAIL: E2E_ADMIN.email,
        DARWAZA_ADMIN_PASSWORD: E2E_ADMIN.password,
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await db?.end();
    await database?.drop();
    await smtp?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newContext(browser: Browser): Promise<BrowserContext> {
    return browser.newContext({ baseURL: server.base });
  }

  async function signedUp(browser: Browser, who: string) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const email = uniqueEmail(who);
    await signUp(page, email);
    return { context, page, email };
  }

  async function mailTo(to: string, subject: string): Promise<ReceivedMail> {
    let found: ReceivedMail | undefined;
    await expect(async () => {
      found = smtp.received.findLast((mail) => mail.to.includes(to) && mail.subject === subject);
      expect(found, `a mail "${subject}" to ${to}`).toBeDefined();
    }).toPass({ timeout: 15_000 });
    return found as ReceivedMail;
  }

  test("reset password by a link received over SMTP; used once; expired links refused", async ({
    browser,
  }) => {
    const { page, email } = await signedUp(browser, "reset-smtp");
    const visitor = await (await newContext(browser)).newPage();
    await requestReset(visitor, email);
    const mail = await mailTo(email, "Reset your Darwaza password");
    expect(mail.from).toBe("no-reply@darwaza.test");
    const link = linkIn(mail.text, "/reset-password");
    expect(link.startsWith(server.base)).toBe(true);

    await test.step("the database keeps only the token's hash", async () => {
      const token = new URL(link).searchParams.get("token") ?? "";
      const { rows } = await db.query<{ token_hash: string }>(
        "SELECT t.token_hash FROM email_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1 AND t.purpose = 'reset_password'",
        [email],
      );
      expect(rows.map((r) => r.token_hash)).toEqual([tokenHash(token)]);
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    await chooseNewPassword(visitor, link, NEW_PASSWORD);
    await signIn(visitor, email, NEW_PASSWORD);
    await expect(visitor).toHaveURL(/\/dashboard$/);
    await expectDeadLink(visitor, link);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin/);

    await test.step("a link past its hour does not open the form", async () => {
      const other = await (await newContext(browser)).newPage();
      smtp.received.length = 0;
      await requestReset(other, email);
      const late = linkIn(
        (await mailTo(email, "Reset your Darwaza password")).text,
        "/reset-password",
      );
      const token = new URL(late).searchParams.get("token") ?? "";
      // An hour passing, as the database sees it.
      await db.query(
        "UPDATE email_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        [tokenHash(token)],
      );
      await expectDeadLink(other, late);
    });
  });

  test("changing the password signs out another browser, not this one", async ({ browser }) => {
    const { page, email } = await signedUp(browser, "change-password");
    const other = await (await newContext(browser)).newPage();
    await other.goto("/signin");
    await signIn(other, email, PASSWORD);
    await expect(other).toHaveURL(/\/dashboard$/);

    await page.goto("/dashboard/account");
    await page.getByTestId("password-card").getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("password-changed")).toBeVisible();

    await other.goto("/dashboard/keys");
    await expect(other).toHaveURL(/\/signin/);
    await page.goto("/dashboard/keys");
    await expect(page).toHaveURL(/\/dashboard\/keys$/);
  });

  test("changing the email takes effect only through the link sent to the new address", async ({
    browser,
  }) => {
    const { page, email } = await signedUp(browser, "change-email");
    const next = uniqueEmail("new-address");
    await page.goto("/dashboard/account");
    const form = page.getByTestId("email-card");
    await form.getByLabel("New email").fill(next);
    await form.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("button", { name: "Change email" }).click();
    await expect(page.getByTestId("email-change-sent")).toContainText(next);
    await screenshot(page, "account-page");

    const { rows: before } = await db.query("SELECT 1 FROM users WHERE email = $1", [email]);
    expect(before).toHaveLength(1);
    const link = linkIn(
      (await mailTo(next, "Confirm your new email for Darwaza")).text,
      "/confirm-email",
    );
    await page.goto(link);
    await expect(page.getByTestId("confirm-email-result")).toHaveText("Email changed");
    const notice = await mailTo(email, "Your Darwaza email was changed");
    expect(notice.text).toContain(next);

    await page.goto(link);
    await expect(page.getByTestId("confirm-email-result")).toHaveText("This link does not work");
    const { rows } = await db.query<{ email_verified_at: Date | null }>(
      "SELECT email_verified_at FROM users WHERE email = $1",
      [next],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.email_verified_at).not.toBeNull();

    const fresh = await (await newContext(browser)).newPage();
    await fresh.goto("/signin");
    await signIn(fresh, email, PASSWORD);
    await expect(fresh.getByTestId("signin-error")).toBeVisible();
    await signIn(fresh, next, PASSWORD);
    await expect(fresh).toHaveURL(/\/dashboard$/);
  });

  test("export downloads the account's data as JSON, keys without secrets or hashes", async ({
    browser,
  }) => {
    const { page, email } = await signedUp(browser, "export");
    const { key, id } = await createKey(page, "export-key");
    expect((await chat(page.request, key)).status).toBe(200);
    await page.goto("/dashboard/account");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-data").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^darwaza-export-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync(await download.path(), "utf8");
    const data = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining([
        "profile",
        "account",
        "keys",
        "usage",
        "subscriptions",
        "invoices",
        "ledger",
      ]),
    );
    expect(data.profile).toMatchObject({ email });
    expect(data.keys).toEqual([
      expect.objectContaining({ id, label: "export-key", last4: key.slice(-4) }),
    ]);
    const { rows } = await db.query<{ hash: string }>("SELECT hash FROM api_keys WHERE id = $1", [
      id,
    ]);
    expect(text).not.toContain(key);
    expect(text).not.toContain(rows[0]?.hash ?? "no hash");
    expect(text).not.toContain("password");
  });

  test("deleting the account: key refused, subscription cancelled, usage kept, sign-in gone", async ({
    browser,
  }) => {
    const { page, email } = await signedUp(browser, "delete");
    const { key } = await createKey(page, "doomed-key");
    expect((await chat(page.request, key)).status).toBe(200);

    await test.step("subscribe to Starter through the emulator's Checkout", async () => {
      await page.goto("/dashboard/billing");
      await page.getByTestId("billing-upgrade-starter").click();
      await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\/cs_test_/);
      await page.getByRole("button", { name: "Subscribe" }).click();
      await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
      await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter");
    });

    const { rows: accounts } = await db.query<{ account_id: string; id: string }>(
      "SELECT m.account_id, u.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
      [email],
    );
    const accountId = accounts[0]?.account_id ?? "";
    const userId = accounts[0]?.id ?? "";
    const { rows: subs } = await db.query<{ id: string }>(
      "SELECT id FROM subscriptions WHERE account_id = $1",
      [accountId],
    );
    expect(subs).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await db.query("SELECT 1 FROM usage_events WHERE account_id = $1", [accountId]))
            .rowCount,
      )
      .toBeGreaterThan(0);

    await page.goto("/dashboard/account");
    const danger = page.getByTestId("delete-account");
    await danger.getByLabel(`Type ${email} to confirm`).fill(email);
    await danger.getByLabel("Current password").fill(PASSWORD);
    await screenshot(page, "account-delete");
    await danger.getByRole("button", { name: "Delete account" }).click();
    await expect(page).toHaveURL(/\/account-deleted$/);
    await expect(page.getByTestId("account-deleted")).toBeVisible();

    await test.step("the key is refused by the gateway at once", async () => {
      // The gateway answers a revoked key 403 api_key_revoked (lib/gateway/auth/authenticate.ts).
      const response = await page.request.post("/api/v1/chat/completions", {
        headers: { Authorization: `Bearer ${key}` },
        data: { model: "demo-chat", messages: [{ role: "user", content: "still there?" }] },
      });
      expect(response.status()).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "api_key_revoked" } });
    });

    await test.step("the emulator's subscription is cancelled", async () => {
      const stripe = new Stripe(
        readFileSync(path.join(dataDir, "stripe-emulator", "api-key"), "utf8").trim(),
        {
          host: "127.0.0.1",
          port: PORT,
          protocol: "http",
        },
      );
      const subscription = await stripe.subscriptions.retrieve(subs[0]?.id ?? "");
      expect(subscription.status).toBe("canceled");
    });

    await test.step("usage, invoices and the account row stay; personal data is gone", async () => {
      const usage = await db.query("SELECT 1 FROM usage_events WHERE account_id = $1", [accountId]);
      expect(usage.rowCount).toBeGreaterThan(0);
      const invoices = await db.query("SELECT 1 FROM invoices WHERE account_id = $1", [accountId]);
      expect(invoices.rowCount).toBeGreaterThan(0);
      const { rows: users } = await db.query<{
        email: string;
        name: string | null;
        password_hash: string | null;
        deleted_at: Date | null;
      }>("SELECT email, name, password_hash, deleted_at FROM users WHERE id = $1", [userId]);
      expect(users[0]).toMatchObject({ name: null, password_hash: null });
      expect(users[0]?.email).not.toBe(email);
      expect(users[0]?.deleted_at).not.toBeNull();
      const { rows: closed } = await db.query<{ closed_at: Date | null }>(
        "SELECT closed_at FROM accounts WHERE id = $1",
        [accountId],
      );
      expect(closed[0]?.closed_at).not.toBeNull();
    });

    await test.step("the user can no longer sign in", async () => {
      await page.goto("/signin");
      await signIn(page, email, PASSWORD);
      await expect(page.getByTestId("signin-error")).toBeVisible();
    });
  });
});
