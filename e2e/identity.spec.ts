import { type Browser, expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./support/constants";
import { PASSWORD, screenshot, signIn, signUp, submitSignUp, uniqueEmail } from "./support/portal";

// Sessions that really end, sign-up that does not reveal accounts, return paths that stay home,
// and test-mode mail read in the admin outbox (the e2e server has no SMTP_URL).
const ORIGIN = new URL(E2E_BASE_URL).origin;

async function signedIn(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  await signIn(page, email, password);
  // With no page asked for, a customer lands in the portal and an admin in the console.
  await expect(page).toHaveURL(/\/(dashboard|admin)$/);
  return page;
}

test("a session cookie copied before sign-out no longer opens the portal", async ({
  page,
  context,
  browser,
}) => {
  await signUp(page, uniqueEmail("copied"));
  const copied = await context.cookies();
  expect(copied.some((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/dashboard");
  await expect(stolen).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  await stolen.goto("/dashboard/keys");
  await expect(stolen).toHaveURL(/\/signin/);
  await thief.close();
});

test("changing the password ends the other browser's session and keeps this one", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("changer");
  await signUp(page, email);
  const other = await signedIn(browser, email);

  await page.goto("/dashboard/account");
  const card = page.getByTestId("password-card");
  await card.getByLabel("Current password", { exact: true }).fill(PASSWORD);
  await card.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
  await card.getByLabel("Repeat the new password", { exact: true }).fill("a-brand-new-password");
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await screenshot(page, "account-password-changed");

  // This browser got a fresh cookie; the other one is signed out.
  await page.goto("/dashboard/keys");
  await expect(page).toHaveURL(/\/dashboard\/keys$/);
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/signin/);
  await signIn(other, email, "a-brand-new-password");
  await expect(other).toHaveURL(/\/dashboard$/);
  await other.context().close();
});

test("return paths with tabs, newlines or backslashes stay on this site and never fail", async ({
  page,
}) => {
  const nasty = [
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%5Cevil.example",
  ];
  // Signed out: the sign-in form sends the user to the cleaned path.
  await page.goto(`/signin?callbackUrl=${nasty[0]}`);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  // A refused return path falls back to the default landing: the console, for an admin.
  await expect(page).toHaveURL(`${ORIGIN}/admin`);
  // Signed in: the sign-in page redirects at once.
  for (const value of nasty) {
    const response = await page.goto(`/signin?callbackUrl=${value}`);
    expect(response?.status()).toBeLessThan(500);
    expect(new URL(page.url()).origin).toBe(ORIGIN);
    await expect(page).toHaveURL(`${ORIGIN}/admin`);
  }
});

test("sign-up with a taken email looks the same; its owner is mailed; the outbox shows it; links work once", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("owner");
  await submitSignUp(page, email);
  const first = await page.locator("main").textContent();
  await expect(page.getByTestId("mail-test-mode")).toBeVisible();

  const someoneElse = await (await browser.newContext()).newPage();
  await submitSignUp(someoneElse, email, "someone-elses-password");
  expect(await someoneElse.locator("main").textContent()).toBe(first);
  expect(new URL(someoneElse.url()).pathname).toBe(new URL(page.url()).pathname);
  await someoneElse.context().close();

  const admin = await signedIn(browser, E2E_ADMIN.email, E2E_ADMIN.password);
  await admin.goto("/admin/outbox");
  await expect(admin.getByTestId("mail-test-mode")).toContainText("Test mode");
  const rows = admin.getByTestId("outbox-row").filter({ hasText: email });
  await expect(rows.filter({ hasText: "Someone tried to sign up with your address" })).toHaveCount(
    1,
  );
  const verify = rows.filter({ hasText: "Confirm your email for Darwaza" });
  await expect(verify).toHaveCount(1);
  await screenshot(admin, "admin-outbox");
  const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(
    (await verify.textContent()) ?? "",
  )?.[0];
  expect(link).toBeTruthy();
  await admin.context().close();

  // The owner signs in: the banner says mail is test-only; the link confirms once.
  await page.goto("/signin");
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("mail-test-mode")).toBeVisible();
  await page.goto(new URL(link ?? "", ORIGIN).pathname + new URL(link ?? "", ORIGIN).search);
  await expect(page.getByTestId("verify-result")).toHaveText("Email confirmed");
  await page.goto("/dashboard");
  await expect(page.getByTestId("mail-test-mode")).toHaveCount(0);
  await page.goto(new URL(link ?? "", ORIGIN).pathname + new URL(link ?? "", ORIGIN).search);
  await expect(page.getByTestId("verify-result")).toHaveText("This link does not work");
});
