import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expectAccessible, expectNoHorizontalScroll } from "./a11y";
import { SCREENSHOT_DIR } from "./constants";

/** Who looks at a page: nobody signed in, a customer, or an admin. */
export type Viewer = "guest" | "customer" | "admin";

/** Ids the table's paths may need, made once by the spec's setup. */
export interface PageContext {
  accountId: string;
  keyId: string;
}

/** One row of the page table: other slices append theirs (docs, team, requests, webhooks…). */
export interface PageEntry {
  name: string;
  viewer: Viewer;
  path: string | ((context: PageContext) => string);
  /** Something that shows the page is the one meant (a heading's text), not an error page. */
  heading: string | RegExp;
}

export const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * Opens the page at each width: saves a full-page screenshot, runs axe (no serious or critical
 * violation), and at 390 px checks that nothing scrolls sideways.
 */
export async function checkPage(page: Page, entry: PageEntry, context: PageContext): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = typeof entry.path === "function" ? entry.path(context) : entry.path;
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await page.getByRole("heading", { name: entry.heading }).first().waitFor();
    const label = `${entry.name} (${path}) at ${viewport.width} px`;
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/page-${entry.name}-${viewport.width}.png`,
      fullPage: true,
    });
    await expectAccessible(page, label);
    if (viewport.width < 640) await expectNoHorizontalScroll(page, label);
  }
}
