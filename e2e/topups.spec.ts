import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { formatMicros } from "../lib/credit/money";
import { createKey, eventually, screenshot, signUp, uniqueEmail } from "./support/portal";

// Issue 20's money-in journey, in test mode: the app's Stripe emulator hosts Checkout, charges the
// saved card off-session and sends the signed webhooks, exactly as Stripe would.

const CREDIT = "/dashboard/credit";

/** "Rs 1,234.567891" / "-Rs 0.25" (the portal's exact format) → micros. */
function micros(text: string): bigint {
  const match = /^(-?)Rs ([\d,]+)\.(\d{2,6})$/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  const whole = BigInt(match[2].replace(/,/g, "")) * 1_000_000n;
  const value = whole + BigInt(match[3].padEnd(6, "0"));
  return match[1] ? -value : value;
}

async function balance(page: Page): Promise<bigint> {
  return micros((await page.getByTestId("credit-balance").textContent()) ?? "");
}

/** Waits (reloading) until the Credit page's balance is `expected`: credit comes by webhook. */
async function expectBalance(page: Page, expected: bigint): Promise<void> {
  await eventually(page, CREDIT, async () => {
    expect(await balance(page)).toBe(expected);
  });
}

// About 6,000 prompt tokens: the first call of the day fits the Free plan's 10,000 tokens a day,
// every later one is past the allowance and charged to credit at list price.
const BIG_PROMPT = "The quick brown fox jumps over the lazy dog. ".repeat(600);

interface PaidCall {
  status: number;
  code: string | null;
  /** usage.cost (PKR, a JSON number), and the exact micros of x-darwaza-cost-micros. */
  costPkr: number | null;
  costMicros: bigint | null;
}

async function paidCall(request: APIRequestContext, key: string): Promise<PaidCall> {
  const response = await request.post("/api/v1/chat/completions", {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      model: "demo-chat",
      messages: [{ role: "user", content: BIG_PROMPT }],
      max_tokens: 16,
    },
  });
  const body = (await response.json()) as {
    usage?: { cost?: number };
    error?: { code?: string };
  };
  const header = response.headers()["x-darwaza-cost-micros"];
  return {
    status: response.status(),
    code: body.error?.code ?? null,
    costPkr: body.usage?.cost ?? null,
    costMicros: header ? BigInt(header) : null,
  };
}

test("top up through Checkout, spend past the Free allowance, hit a key's cap, auto-recharge restores the balance", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail("topup"));
  const { key } = await createKey(page, "topup-e2e");

  await test.step("an amount under Stripe's minimum is refused with a clear message", async () => {
    await page.goto(CREDIT);
    await expect(page.getByTestId("credit-balance")).toHaveText("Rs 0.00");
    await page.getByLabel("Amount (PKR)").fill("100");
    await page.getByRole("button", { name: "Top up" }).click();
    await expect(page.getByText("The smallest top-up is Rs 140.00")).toBeVisible();
    const api = await page.request.post("/api/billing/topups", {
      data: { amount: "139.99" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(api.status()).toBe(422);
    expect(JSON.stringify(await api.json())).toContain("smallest top-up");
  });

  await test.step("a top-up of PKR 200 through the hosted Checkout (card 4242…) shows in the balance", async () => {
    await page.goto(CREDIT);
    await page.getByLabel("Amount (PKR)").fill("200");
    await page.getByRole("button", { name: "Top up" }).click();
    await expect(page).toHaveURL(/\/_emulator\/stripe\/checkout\/cs_test_/);
    await expect(page.getByTestId("checkout-amount")).toContainText("200.00");
    await expect(page.getByTestId("checkout-saves-card")).toBeVisible();
    await screenshot(page, "topup-checkout");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(/\/dashboard\/credit\?topup=success$/);
    await expect(page.getByTestId("topup-notice")).toContainText("Payment received");
    await expectBalance(page, 200_000_000n);
    await expect(page.getByTestId("ledger-table")).toContainText("Top-up");
    await expect(page.getByTestId("auto-recharge-status")).toHaveText("(off)");
  });

  await test.step("a per-key cap of PKR 1 is set", async () => {
    await page.goto(CREDIT);
    await page.getByLabel("Monthly cap for topup-e2e").fill("1");
    await page
      .getByRole("listitem")
      .filter({ hasText: "topup-e2e" })
      .getByRole("button", { name: "Save" })
      .click();
    await expect(page.getByText("Saved: it applies from your next call.")).toBeVisible();
  });

  const paid: PaidCall[] = [];
  let refused: PaidCall | null = null;
  let freeCost = 0n;
  await test.step("calls past the allowance draw the credit down until the key's cap answers 402", async () => {
    // Within the allowance: not charged (but it costs what it costs, in the chart).
    const free = await paidCall(request, key);
    expect(free.status).toBe(200);
    freeCost = free.costMicros ?? 0n;
    for (let i = 0; i < 6 && !refused; i++) {
      const call = await paidCall(request, key);
      if (call.status === 200) paid.push(call);
      else refused = call;
    }
    expect(paid.length).toBeGreaterThanOrEqual(1);
    expect(refused).toMatchObject({ status: 402, code: "insufficient_quota" });
    for (const call of paid) {
      expect(call.costMicros).not.toBeNull();
      // usage.cost (PKR) is the same figure as the exact header, to the micro.
      expect(BigInt(Math.round((call.costPkr ?? 0) * 1_000_000))).toBe(call.costMicros);
    }
  });

  const spent = paid.reduce((sum, call) => sum + (call.costMicros ?? 0n), 0n);
  await test.step("the portal's balance fell by exactly the sum of usage.cost", async () => {
    await expectBalance(page, 200_000_000n - spent);
    await expect(page.getByTestId("credit-month-spend")).toHaveText(formatMicros(spent));
    const today = page.getByTestId("chart-table-cost").locator("td[data-micros]");
    await expect(today).toHaveAttribute("data-micros", (spent + freeCost).toString());
    await screenshot(page, "topup-credit-spent");
  });

  await test.step("auto-recharge on, balance under its threshold: the saved card is charged off-session", async () => {
    await page.goto(CREDIT);
    await page.getByLabel("Recharge automatically").check();
    await page.getByLabel("When the balance is under (PKR)").fill("250");
    await page.getByLabel("Charge (PKR)").fill("300");
    await page.getByRole("button", { name: "Save auto-recharge" }).click();
    await expect(page.getByText("Saved: it applies from your next call.")).toBeVisible();
    // The billing job polls every few seconds, charges PKR 300 and credits it.
    await expectBalance(page, 500_000_000n - spent);
    await expect(page.getByTestId("auto-recharge-status")).toHaveText("(on)");
    const topups = page.getByTestId("ledger-table").getByText("Top-up");
    await expect(topups).toHaveCount(2);
    await screenshot(page, "topup-auto-recharged");
  });

  await test.step("with the key's cap lifted, calls are paid again from the restored credit", async () => {
    await page.getByLabel("Monthly cap for topup-e2e").fill("");
    await page
      .getByRole("listitem")
      .filter({ hasText: "topup-e2e" })
      .getByRole("button", { name: "Save" })
      .click();
    await expect(page.getByText("Saved: it applies from your next call.")).toBeVisible();
    const call = await paidCall(request, key);
    expect(call.status).toBe(200);
    await expectBalance(page, 500_000_000n - spent - (call.costMicros ?? 0n));
  });
});
