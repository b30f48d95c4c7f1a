import { expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { PASSWORD, signIn, signUp, uniqueEmail } from "./support/portal";

const WRONG = "Wrong email or password.";
const THROTTLED = "Too many failed sign-ins";

/** Submits the sign-in form and returns the HTTP status of next-auth's credentials callback. */
async function attempt(page: Page, email: string, password: string): Promise<number> {
  const answer = page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
  await signIn(page, email, password);
  return (await answer).status();
}

test("wrong password and unknown email get the same error; 10 wrong passwords are throttled", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("throttle");
  await signUp(page, email);
  await context.clearCookies();
  await page.goto("/signin");

  expect(await attempt(page, email, "not-the-password")).toBe(401);
  await expect(page.getByTestId("signin-error")).toHaveText(WRONG);
  expect(await attempt(page, uniqueEmail("nobody"), "not-the-password")).toBe(401);
  await expect(page.getByTestId("signin-error")).toHaveText(WRONG);

  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push(await attempt(page, email, `wrong-${i}`));
  // 5 failures per email per 15 minutes: the first already happened above.
  expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
  expect(statuses.slice(4)).toEqual([429, 429, 429, 429, 429, 429]);
  await expect(page.getByTestId("signin-error")).toContainText(THROTTLED);

  // Even the right password waits out the window now.
  expect(await attempt(page, email, PASSWORD)).toBe(429);
  await expect(page).toHaveURL(/\/signin/);
});

test("the bootstrapped admin signs in and sees the Admin tab; customers do not", async ({
  page,
  browser,
}) => {
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  // An admin lands on the console; their own dashboard still has the Admin tab.
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/dashboard");
  await expect(
    page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Admin" }),
  ).toBeVisible();

  const customer = await browser.newPage();
  await signUp(customer, uniqueEmail("customer"));
  const nav = customer.getByRole("navigation", { name: "Dashboard" });
  await expect(nav.getByRole("link", { name: "Billing" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await customer.close();
});

test("sign-up shows errors beside the fields", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-email-error")).toHaveText("Enter a valid email address");
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 8 characters");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
});

test("sign-ups are throttled per address: the 6th from one address is told how long to wait", async ({
  page,
  context,
}) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.18.250.1" });
  const submit = async () => {
    await context.clearCookies();
    await page.goto("/signup");
    await page.getByLabel("Email").fill(uniqueEmail("farm"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
  };
  for (let i = 0; i < 5; i++) {
    await submit();
    await expect(page).toHaveURL(/\/signup\/check-email/);
  }
  await submit();
  await expect(page.getByTestId("signup-error")).toHaveText(
    /^Too many new accounts from your network\. Try again in \d+ minutes\.$/,
  );
  await expect(page).toHaveURL(/\/signup/);
});
