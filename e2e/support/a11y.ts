import { createRequire } from "node:module";
import { expect, type Page } from "@playwright/test";

// axe-core itself (any Node), injected into the page: @axe-core/playwright 4.14 wants Node 22.12.
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe (WCAG 2.x A and AA rules) on the page as it is now; returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
      resultTypes: ["violations"],
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Fails (softly: the page's other checks still run) with a readable list when axe finds a serious or critical violation. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const serious = (await axeViolations(page)).filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.split("\n").join(" ")}`).join("\n")}`,
    )
    .join("\n");
  expect.soft(serious, `axe on ${label}:\n${report}`).toEqual([]);
}

/** Fails when the page is wider than the viewport (it scrolls sideways). */
export async function expectNoHorizontalScroll(page: Page, label = page.url()): Promise<void> {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const root = document.documentElement;
    // The widest elements sticking out of the viewport, to say what to fix.
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits: wide };
  });
  expect
    .soft(
      scrollWidth,
      `${label} scrolls sideways (${scrollWidth} > ${clientWidth}): ${culprits.join(" | ")}`,
    )
    .toBeLessThanOrEqual(clientWidth);
}
