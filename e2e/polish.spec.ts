import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { expectNoHorizontalScroll } from "./support/a11y";
import { E2E_ADMIN, E2E_SALES_EMAIL } from "./support/constants";
import {
  chat,
  createKey,
  eventually,
  PASSWORD,
  screenshot,
  signIn,
  signUp,
  uniqueEmail,
} from "./support/portal";

// Issue 21's "polish found by trying it as a new user": each defect, asserted fixed.

/** Sign-ups are throttled per address: each page signs up from one of its own (as portal.ts does). */
function randomAddress(): string {
  const group = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::2`;
}

async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

async function accountIdOf(admin: Page, email: string): Promise<string> {
  await admin.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
  const id = await admin.getByTestId("customer-row").first().getAttribute("data-account-id");
  expect(id).toBeTruthy();
  return id ?? "";
}

/** Presses Tab (Shift+Tab backwards) until `target` has focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) break;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
  // Focus is visible: an outline or a ring (box-shadow) drawn while it has keyboard focus.
  const visible = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
    return el.matches(":focus-visible") && (outline || style.boxShadow !== "none");
  });
  expect(visible, "the focused control shows a focus indicator").toBe(true);
}

test("an admin signing in lands in the console", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Revenue" })).toBeVisible();
});

test("a customer signing in still lands on the dashboard", async ({ page }) => {
  await signUp(page, uniqueEmail("landing"));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
});

test("Choose Starter on the pricing page carries the plan through sign-up, verification and checkout", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("chosen");
  await page.setExtraHTTPHeaders({ "x-forwarded-for": randomAddress() });
  await page.goto("/#pricing");
  await test.step("Contact us writes to DARWAZA_SALES_EMAIL", async () => {
    await expect(page.getByTestId("plan-enterprise-cta")).toHaveAttribute(
      "href",
      new RegExp(`^mailto:${E2E_SALES_EMAIL.replace(".", "\\.")}\\?`),
    );
  });
  await page.getByTestId("plan-starter-cta").click();
  await expect(page).toHaveURL(/\/signup\?callbackUrl=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const link = await test.step("the verification mail's link keeps the plan", async () => {
    const admin = await adminPage(browser);
    let href = "";
    await eventually(admin, "/admin/outbox", async () => {
      const text = await admin
        .getByTestId("outbox-row")
        .filter({ hasText: email })
        .first()
        .locator("pre")
        .textContent({ timeout: 1_000 });
      href = /https?:\/\/\S*\/verify-email\?\S+/.exec(text ?? "")?.[0] ?? "";
      expect(href).toContain("callbackUrl=");
    });
    await admin.context().close();
    return new URL(href);
  });
  await page.goto(`${link.pathname}${link.search}`);
  await expect(page.getByTestId("verify-result")).toHaveText("Email confirmed");
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/dashboard\/billing\?plan=starter$/);
  const chosen = page.getByTestId("billing-chosen-plan");
  await expect(chosen).toContainText("You chose Starter");
  await screenshot(page, "polish-chosen-plan");
  await chosen.getByRole("button", { name: "Continue to checkout" }).click();
  await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\/cs_test_/);
  await expect(page.getByTestId("checkout-product")).toContainText("Starter");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await expect(page.getByTestId("billing-plan-name")).toHaveText("Starter");
});

test("customer pages speak to customers, dates in Asia/Karachi, and fit a phone", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("words"));
  const { key } = await createKey(page, "words-key");
  expect((await chat(page.request, key)).status).toBe(200);
  await page.goto("/dashboard/billing");
  await page.getByTestId("billing-upgrade-starter").click();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await eventually(page, "/dashboard/billing", async () => {
    await expect(page.getByTestId("billing-invoice-row")).toHaveCount(1, { timeout: 1_000 });
  });
  const text = (await page.locator("main").textContent()) ?? "";
  for (const internal of ["STRIPE_SECRET_KEY", "operator", "max_tokens", "emulator"]) {
    expect(text, `the billing page says "${internal}"`).not.toContain(internal);
  }
  await expect(page.getByTestId("billing-plan-starter")).toContainText("tokens per request");
  await expect(page.getByTestId("billing-contact-enterprise")).toHaveAttribute(
    "href",
    new RegExp(`^mailto:${E2E_SALES_EMAIL.replace(".", "\\.")}`),
  );

  await test.step("billing dates are the business's days (Asia/Karachi), as everywhere else", async () => {
    const today = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Karachi",
      day: "numeric",
      month: "short",
      year: "numeric",
    }).format(new Date());
    await expect(page.getByTestId("billing-invoice-date").first()).toHaveText(today);
  });

  await test.step("at 390 px the invoices stack instead of running off screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/dashboard/billing", "/dashboard/usage"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await expectNoHorizontalScroll(page);
    }
    await page.goto("/dashboard/billing");
    const row = page.getByTestId("billing-invoice-row").first();
    for (const cell of ["billing-invoice-amount", "billing-invoice-status"]) {
      const box = await row.getByTestId(cell).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `${cell} on screen`).toBe(true);
    }
    await screenshot(page, "polish-billing-phone");
  });
});

test("admin: reinstating disarms the suspend confirmation; the customer page reads well", async ({
  browser,
  page,
}) => {
  const email = uniqueEmail("suspend");
  await signUp(page, email);
  const admin = await adminPage(browser);
  const accountId = await accountIdOf(admin, email);
  await admin.goto(`/admin/customers/${accountId}`);

  await test.step("the breadcrumb names the customer, not an id", async () => {
    await expect(admin.getByTestId("customer-breadcrumb")).toHaveText(email);
    await expect(admin.getByRole("navigation", { name: "Breadcrumb" })).not.toContainText(
      accountId,
    );
  });

  await test.step("suspend, reinstate: one click does not suspend again", async () => {
    await admin.getByRole("button", { name: "Suspend account" }).click();
    await admin.getByRole("button", { name: "Yes, suspend" }).click();
    await expect(admin.getByTestId("account-status").first()).toHaveText("suspended");
    await admin.getByRole("button", { name: "Reinstate account" }).click();
    await expect(admin.getByTestId("account-status").first()).toHaveText("active");
    await expect(admin.getByRole("button", { name: "Suspend account" })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Yes, suspend" })).toHaveCount(0);
  });

  await test.step("the audit log shows fields, not raw JSON", async () => {
    const row = admin.locator('[data-testid="audit-row"][data-action="account.suspend"]');
    await expect(row).toHaveCount(1);
    const details = row.getByTestId("audit-details");
    // One term and its value per line (in whatever order the database keeps the keys).
    const value = (term: string) =>
      details.locator("div", { has: admin.locator("dt", { hasText: term }) }).locator("dd");
    await expect(details.locator("dt")).toHaveCount(2);
    await expect(value("from")).toHaveText("active");
    await expect(value("to")).toHaveText("suspended");
    await expect(row).not.toContainText("{");
  });

  await test.step("at 390 px the console fits the screen", async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    for (const path of [`/admin/customers/${accountId}`, "/admin"]) {
      await admin.goto(path);
      await admin.waitForLoadState("networkidle");
      await expectNoHorizontalScroll(admin);
    }
    await screenshot(admin, "polish-admin-phone");
  });
  await admin.context().close();
});

test("admin: the revenue chart labels every month; counts are pluralised; no rollup talk", async ({
  browser,
}) => {
  const admin = await adminPage(browser);
  for (const width of [1366, 390]) {
    await admin.setViewportSize({ width, height: 900 });
    await admin.goto("/admin");
    // Every month's label is drawn (Jan 26 … Dec 26): twelve different month texts on the axis.
    const ticks = admin.locator("[data-testid=revenue-chart] .recharts-cartesian-axis-tick-value");
    await expect(ticks.first()).toBeVisible();
    const labels = (await ticks.allTextContents()).filter((text) =>
      /^[A-Z][a-z]{2,3} \d\d$/.test(text.trim()),
    );
    expect(new Set(labels).size, labels.join(", ")).toBe(12);
  }
  for (const path of ["/admin", "/admin/customers", "/admin/reconcile"]) {
    await admin.goto(path);
    const text = await admin.locator("main").textContent();
    expect(text).not.toMatch(/\b1 (accounts|customers|calls)\b/);
    expect(text).not.toMatch(/rollup/i);
  }
  await admin.context().close();
});

test("the site has a favicon, robots.txt and a social card", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/icon/);
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain("Disallow: /admin");
  await page.goto("/");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);
  const image = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(image).toBeTruthy();
  const og = await request.get(new URL(image ?? "").pathname + new URL(image ?? "").search);
  expect(og.status()).toBe(200);
  expect(og.headers()["content-type"]).toBe("image/png");
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /Darwaza/);
});

test("keyboard only: sign up, create a key and revoke it", async ({ page }) => {
  const email = uniqueEmail("keyboard");
  await page.setExtraHTTPHeaders({ "x-forwarded-for": randomAddress() });
  await page.goto("/");
  await tabTo(page, page.getByRole("link", { name: "Get started" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/signup/);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(PASSWORD);
  await tabTo(page, page.getByRole("button", { name: "Create account" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: "Sign in" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/signin/);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);

  await tabTo(
    page,
    page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Keys" }),
  );
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard\/keys$/);
  await tabTo(page, page.getByLabel("Key name"));
  await page.keyboard.type("keyboard-key");
  await tabTo(page, page.getByRole("button", { name: "Create key" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("new-key")).toContainText("you won't see it again");
  const row = page.getByTestId("key-row").filter({ hasText: "keyboard-key" });
  await tabTo(page, row.getByRole("button", { name: "Revoke" }));
  await page.keyboard.press("Space");
  // The confirmation takes focus (Cancel); the next Tab reaches "Yes, revoke".
  await expect(row.getByRole("button", { name: "Cancel" })).toBeFocused();
  await tabTo(page, row.getByRole("button", { name: "Yes, revoke" }), 3);
  await page.keyboard.press("Enter");
  await expect(row.getByTestId("key-status")).toHaveText("revoked");
  await screenshot(page, "polish-keyboard-revoked");
});
