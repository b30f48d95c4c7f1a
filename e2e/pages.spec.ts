import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { E2E_ADMIN } from "./support/constants";
import { checkPage, type PageContext, type PageEntry, type Viewer } from "./support/pages";
import { chat, createKey, eventually, signIn, signUp, uniqueEmail } from "./support/portal";

// Every page, at 1366 and 390 px: a screenshot under SCREENSHOT_DIR, no serious or critical axe
// violation, and no sideways scroll on a phone. A new page is one more row in PAGES.
const PAGES: PageEntry[] = [
  { name: "landing", viewer: "guest", path: "/", heading: /Turn the AI model/ },
  { name: "pricing", viewer: "guest", path: "/#pricing", heading: "Pricing" },
  { name: "signin", viewer: "guest", path: "/signin", heading: "Sign in" },
  { name: "signup", viewer: "guest", path: "/signup", heading: "Create your account" },
  {
    name: "check-email",
    viewer: "guest",
    path: "/signup/check-email",
    heading: "Check your email",
  },
  { name: "verify-email", viewer: "guest", path: "/verify-email?token=x", heading: /link/ },
  {
    name: "forgot-password",
    viewer: "guest",
    path: "/forgot-password",
    heading: "Forgot your password?",
  },
  {
    name: "reset-password",
    viewer: "guest",
    path: "/reset-password?token=x",
    heading: "This link does not work",
  },
  { name: "dashboard", viewer: "customer", path: "/dashboard", heading: "Overview" },
  { name: "keys", viewer: "customer", path: "/dashboard/keys", heading: "API keys" },
  {
    name: "key",
    viewer: "customer",
    path: ({ keyId }) => `/dashboard/keys/${keyId}`,
    heading: "pages-key",
  },
  { name: "usage", viewer: "customer", path: "/dashboard/usage", heading: "Usage" },
  { name: "requests", viewer: "customer", path: "/dashboard/requests", heading: "Request log" },
  {
    name: "webhooks",
    viewer: "customer",
    path: "/dashboard/webhooks",
    heading: "Webhooks and alerts",
  },
  { name: "billing", viewer: "customer", path: "/dashboard/billing", heading: "Billing" },
  { name: "credit", viewer: "customer", path: "/dashboard/credit", heading: "Credit" },
  { name: "account", viewer: "customer", path: "/dashboard/account", heading: "Account" },
  { name: "team", viewer: "customer", path: "/dashboard/team", heading: "Team" },
  { name: "audit", viewer: "customer", path: "/dashboard/audit", heading: "Audit log" },
  { name: "docs", viewer: "guest", path: "/docs", heading: "API reference" },
  {
    name: "invite",
    viewer: "guest",
    path: "/invite?token=x",
    heading: "This invitation can't be used",
  },
  { name: "admin", viewer: "admin", path: "/admin", heading: "Revenue" },
  { name: "admin-customers", viewer: "admin", path: "/admin/customers", heading: "Customers" },
  {
    name: "admin-customer",
    viewer: "admin",
    path: ({ accountId }) => `/admin/customers/${accountId}`,
    heading: "Audit log",
  },
  {
    name: "admin-customer-credit",
    viewer: "admin",
    path: ({ accountId }) => `/admin/customers/${accountId}/credit`,
    heading: "Credit ledger",
  },
  { name: "admin-plans", viewer: "admin", path: "/admin/plans", heading: "Plans" },
  { name: "admin-plan", viewer: "admin", path: "/admin/plans/starter", heading: /Starter/ },
  { name: "admin-keys", viewer: "admin", path: "/admin/keys", heading: "Keys" },
  { name: "admin-upstreams", viewer: "admin", path: "/admin/upstreams", heading: "Upstreams" },
  {
    name: "admin-endpoints",
    viewer: "admin",
    path: "/admin/endpoints",
    heading: "Custom endpoints",
  },
  { name: "admin-prices", viewer: "admin", path: "/admin/prices", heading: "Price book" },
  { name: "admin-reconcile", viewer: "admin", path: "/admin/reconcile", heading: "Reconciliation" },
  { name: "admin-webhooks", viewer: "admin", path: "/admin/webhooks", heading: "Webhook events" },
  { name: "admin-outbox", viewer: "admin", path: "/admin/outbox", heading: "Outbox" },
  { name: "admin-audit", viewer: "admin", path: "/admin/audit", heading: "Audit log" },
  { name: "admin-health", viewer: "admin", path: "/admin/health", heading: "Gateway health" },
];

const pages = {} as Record<Viewer, Page>;
const contexts: BrowserContext[] = [];
const context: PageContext = { accountId: "", keyId: "" };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  for (const viewer of ["guest", "customer", "admin"] as const) {
    const browserContext = await browser.newContext();
    contexts.push(browserContext);
    pages[viewer] = await browserContext.newPage();
  }
  // A customer with a key, a call on record and a paid Starter invoice: no page is empty.
  const customer = pages.customer;
  const email = uniqueEmail("pages");
  await signUp(customer, email);
  const { key, id } = await createKey(customer, "pages-key");
  context.keyId = id;
  expect((await chat(customer.request, key)).status).toBe(200);
  await customer.goto("/dashboard/billing");
  await customer.getByTestId("billing-upgrade-starter").click();
  await customer.getByRole("button", { name: "Subscribe" }).click();
  await expect(customer).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await eventually(customer, "/dashboard/billing", async () => {
    await expect(customer.getByTestId("billing-invoice-row")).toHaveCount(1, { timeout: 1_000 });
  });

  const admin = pages.admin;
  await admin.goto("/signin");
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
  context.accountId =
    (await admin.getByTestId("customer-row").first().getAttribute("data-account-id")) ?? "";
  expect(context.accountId).not.toBe("");
});

test.afterAll(async () => {
  for (const browserContext of contexts) await browserContext.close();
});

for (const entry of PAGES) {
  test(`page ${entry.name}: screenshots, axe, no sideways scroll at 390 px`, async () => {
    await checkPage(pages[entry.viewer], entry, context);
  });
}
