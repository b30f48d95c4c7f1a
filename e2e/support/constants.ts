/** Shared by playwright.config.ts, the server it starts (serve.ts) and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;

export const E2E_ADMIN = {
  email: "admin@darwaza.test",
  password: "e2e-admin-password-0123",
  token: "e2e-admin-token-0123456789abcdef",
} as const;

/** Where the specs save screenshots for a reviewer (Playwright's own output goes elsewhere). */
export const SCREENSHOT_DIR = "test-results/screenshots";

/** DARWAZA_SALES_EMAIL of the e2e server: where the Enterprise "Contact us" links write to. */
export const E2E_SALES_EMAIL = "sales@darwaza.test";
