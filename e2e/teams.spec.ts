import { type Browser, expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN, E2E_BASE_URL } from "./support/constants";
import { createKey, PASSWORD, screenshot, signIn, signUp, uniqueEmail } from "./support/portal";

// Teams: an owner invites by email, the invitee joins through the mailed link (read in the
// test-mode outbox), and their role decides what the server lets them see and do — pages, the
// session API and server actions called directly, not only the nav.
const ORIGIN = new URL(E2E_BASE_URL).origin;

async function newPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  // Sign-ups are throttled per address: each person comes from an address of their own.
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `2001:db8:${group()}:${group()}::1` });
  return page;
}

async function invite(owner: Page, email: string, role: "Developer" | "Billing" | "Admin") {
  await owner.goto("/dashboard/team");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByTestId("invite-sent")).toContainText(email);
  await expect(owner.getByTestId("invitation-row").filter({ hasText: email })).toContainText(role);
}

/** The invitation link mailed to `email`, as the admin console's outbox shows it. */
async function invitationLink(browser: Browser, email: string): Promise<string> {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/signin?callbackUrl=%2Fadmin%2Foutbox");
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin).toHaveURL(/\/admin\/outbox$/);
  const row = admin
    .getByTestId("outbox-row")
    .filter({ hasText: email })
    .filter({ hasText: "You're invited to" });
  await expect(row).toHaveCount(1);
  const text = (await row.textContent()) ?? "";
  await admin.context().close();
  const link = /https?:\/\/\S+?\/invite\?token=[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link, "the invitation mail carries a link").toBeTruthy();
  const url = new URL(link ?? "", ORIGIN);
  return `${url.pathname}${url.search}`;
}

/** A new person opens the link, creates their account from it, signs in, and accepts. */
async function joinAsNewUser(page: Page, link: string, email: string): Promise<void> {
  await page.goto(link);
  await page.getByRole("link", { name: `Create an account with ${email}` }).click();
  await expect(page).toHaveURL(/\/signup\?callbackUrl=%2Finvite/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/invite\?token=/);
  await page.getByRole("button", { name: "Accept invitation" }).click();
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Dashboard" });

async function expectForbidden(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `${path} is refused`).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
}

test("invite → accept → the role limits pages, API and server actions; role change, transfer, audit log", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  // The owner signs up and makes a key; their account is the team's.
  const owner = await newPage(browser);
  const ownerEmail = uniqueEmail("owner");
  await signUp(owner, ownerEmail);
  await createKey(owner, "owner-key");
  await expect(nav(owner).getByRole("link", { name: "Team" })).toBeVisible();

  const devEmail = uniqueEmail("dev");
  const billEmail = uniqueEmail("bill");
  await invite(owner, devEmail, "Developer");
  await invite(owner, billEmail, "Billing");
  await screenshot(owner, "team-owner");

  // The owner's spend-cap form, to call its server action directly as others later.
  await owner.goto("/dashboard/credit");
  const capForm = owner.locator("form", { has: owner.locator('input[name="postpaid"]') });
  const actionField = await capForm.locator('input[name^="$ACTION_ID_"]').getAttribute("name");
  expect(actionField).toBeTruthy();

  // The developer joins from the mailed link and lands in the team's account.
  const devLink = await invitationLink(browser, devEmail);
  const dev = await newPage(browser);
  await joinAsNewUser(dev, devLink, devEmail);
  await expect(dev).toHaveURL(/\/dashboard$/);
  // The link worked once.
  await dev.goto(devLink);
  await expect(dev.getByRole("heading", { name: "This invitation can't be used" })).toBeVisible();

  // Keys and usage: yes. The owner's key is there, and a new key records who made it.
  await dev.goto("/dashboard/keys");
  await expect(nav(dev).getByRole("link", { name: "Keys" })).toBeVisible();
  await expect(nav(dev).getByRole("link", { name: "Usage" })).toBeVisible();
  for (const hidden of ["Billing", "Credit", "Team", "Audit log"])
    await expect(nav(dev).getByRole("link", { name: hidden })).toHaveCount(0);
  const ownerKeyRow = dev.getByTestId("key-row").filter({ hasText: "owner-key" });
  await expect(ownerKeyRow.getByTestId("key-created-by")).toHaveText(ownerEmail);
  await createKey(dev, "dev-key");
  await expect(
    dev.getByTestId("key-row").filter({ hasText: "dev-key" }).getByTestId("key-created-by"),
  ).toHaveText(devEmail);
  expect((await dev.goto("/dashboard/usage"))?.status()).toBe(200);
  expect((await dev.request.get("/api/dashboard/usage/export")).status()).toBe(200);

  // Billing, credit, team and audit: refused by the server, not only hidden.
  for (const path of [
    "/dashboard/billing",
    "/dashboard/credit",
    "/dashboard/team",
    "/dashboard/audit",
  ])
    await expectForbidden(dev, path);
  await screenshot(dev, "team-developer-forbidden");
  const topUp = await dev.request.post("/api/billing/topups", { data: { amount: "500" } });
  expect(topUp.status()).toBe(403);
  expect((await topUp.json()).error.code).toBe("role_forbidden");
  // The spend-cap server action, called directly (as a form post without script would): refused
  // (Next answers a refused form post with its 403 or 404 page) and nothing changes.
  const post = (page: Page) =>
    page.request.post("/dashboard/credit", {
      headers: { Origin: ORIGIN },
      multipart: { [actionField ?? ""]: "", cap: "1234" },
      maxRedirects: 0,
    });
  const direct = await post(dev);
  expect([403, 404]).toContain(direct.status());
  await owner.goto("/dashboard/credit");
  await expect(capForm.locator('input[name="cap"]')).toHaveValue("");
  // The same post by the owner goes through: the refusal was the role's, not a bad request.
  expect((await post(owner)).status()).toBe(303);
  await owner.goto("/dashboard/credit");
  await expect(capForm.locator('input[name="cap"]')).toHaveValue(/^1,?234/);

  // The developer also owns their own account: the switcher moves between the two.
  const switcher = dev.getByLabel("Account", { exact: true });
  await switcher.selectOption({ index: 0 });
  await dev.getByRole("button", { name: "Switch" }).click();
  await expect(nav(dev).getByRole("link", { name: "Billing" })).toBeVisible();
  await dev.goto("/dashboard/keys");
  await expect(dev.getByText("owner-key")).toHaveCount(0);
  await dev.getByLabel("Account", { exact: true }).selectOption({ index: 1 });
  await dev.getByRole("button", { name: "Switch" }).click();
  await expect(nav(dev).getByRole("link", { name: "Billing" })).toHaveCount(0);
  // The billing member: billing and credit, never keys or usage.
  const billLink = await invitationLink(browser, billEmail);
  const bill = await newPage(browser);
  await joinAsNewUser(bill, billLink, billEmail);
  await expect(bill).toHaveURL(/\/dashboard\/billing$/);
  await expect(bill.getByRole("heading", { name: "Billing" })).toBeVisible();
  expect((await bill.goto("/dashboard/credit"))?.status()).toBe(200);
  for (const hidden of ["Overview", "Keys", "Usage", "Team", "Audit log"])
    await expect(nav(bill).getByRole("link", { name: hidden })).toHaveCount(0);
  await expectForbidden(bill, "/dashboard/keys");
  await expectForbidden(bill, "/dashboard/usage");
  expect((await bill.request.get("/api/dashboard/usage/export")).status()).toBe(403);
  await bill.goto("/dashboard");
  await expect(bill).toHaveURL(/\/dashboard\/billing$/);

  // The owner promotes the developer to admin: it applies on their next request.
  await owner.goto("/dashboard/team");
  const devRow = owner.getByTestId("member-row").filter({ hasText: devEmail });
  await devRow.getByLabel(`Role of ${devEmail}`).selectOption({ label: "Admin" });
  await devRow.getByRole("button", { name: /Change role/ }).click();
  await expect(owner.getByTestId("team-notice")).toHaveText("Role changed.");
  await expect(devRow.getByTestId("member-role")).toHaveText("Admin");
  await dev.goto("/dashboard/billing");
  await expect(nav(dev).getByRole("link", { name: "Billing" })).toBeVisible();
  // An admin may not transfer ownership.
  await dev.goto("/dashboard/team");
  await expect(dev.getByRole("button", { name: "Transfer ownership" })).toHaveCount(0);

  // The owner's audit log tells the story in sentences.
  await owner.goto("/dashboard/audit");
  const entries = owner.getByTestId("audit-entry");
  await expect(entries.filter({ hasText: `Invited ${devEmail} as Developer` })).toHaveCount(1);
  await expect(entries.filter({ hasText: `${devEmail} joined as Developer` })).toHaveCount(1);
  await expect(
    entries.filter({ hasText: `Changed ${devEmail}'s role from Developer to Admin` }),
  ).toHaveCount(1);
  await expect(entries.filter({ hasText: `Created the API key "dev-key"` })).toContainText(
    devEmail,
  );
  await expect(owner.getByText("{")).toHaveCount(0);
  await screenshot(owner, "team-audit-log");
  await owner.setViewportSize({ width: 390, height: 844 });
  await owner.reload();
  expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(owner, "team-audit-log-390");
  await owner.goto("/dashboard/team");
  expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(owner, "team-owner-390");
  await owner.setViewportSize({ width: 1280, height: 720 });

  // Ownership transfer: the developer-turned-admin becomes owner; the old owner is an admin.
  await owner.goto("/dashboard/team");
  await owner.getByLabel("New owner").selectOption({ label: devEmail });
  await owner.getByLabel("I will become an admin").check();
  await owner.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(owner.getByTestId("team-notice")).toContainText("Ownership transferred");
  await expect(
    owner.getByTestId("member-row").filter({ hasText: ownerEmail }).getByTestId("member-role"),
  ).toHaveText("Admin");
  await expect(
    owner.getByTestId("member-row").filter({ hasText: devEmail }).getByTestId("member-role"),
  ).toHaveText("Owner");
  await expect(owner.getByRole("button", { name: "Transfer ownership" })).toHaveCount(0);
  await dev.goto("/dashboard/team");
  await expect(dev.getByRole("button", { name: "Transfer ownership" })).toBeVisible();
  await dev.goto("/dashboard/audit");
  await expect(
    dev.getByTestId("audit-entry").filter({
      hasText: `Transferred ownership from ${ownerEmail} to ${devEmail}`,
    }),
  ).toHaveCount(1);

  for (const page of [owner, dev, bill]) await page.context().close();
});
