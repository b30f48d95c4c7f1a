import { type Browser, chromium } from "@playwright/test";

/** Headless Chromium (Debian's, as the e2e suite uses it), for checks that need a real page. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** Whether a visitor with `cookie` sees `text` on `path` within 10 s (after hydration). */
export async function showsText(
  browser: Browser,
  url: string,
  cookie: string,
  path: string,
  text: string,
): Promise<boolean> {
  const context = await browser.newContext();
  try {
    const split = cookie.indexOf("=");
    await context.addCookies([
      { name: cookie.slice(0, split), value: cookie.slice(split + 1), url },
    ]);
    const page = await context.newPage();
    await page.goto(`${url}${path}`);
    await page.getByText(text).first().waitFor({ state: "visible", timeout: 10_000 });
    return true;
  } catch {
    return false;
  } finally {
    await context.close();
  }
}
