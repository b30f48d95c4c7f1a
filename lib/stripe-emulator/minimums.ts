import { StripeApiError } from "./errors";
import { formatAmount } from "./pages/html";

/**
 * Stripe's minimum charge: the amount must convert to at least USD 0.50 (the emulator's account
 * settles in USD). PKR is not a settlement currency, so its minimum is that half dollar at the
 * emulator's fixed reference rate; other currencies without a rate need 50 minor units.
 */
const USD_MINIMUM_CENTS = 50;
/** Units of each currency per US dollar, fixed so tests are repeatable. */
const REFERENCE_RATES: Record<string, number> = { usd: 1, pkr: 280 };

export function minimumCharge(currency: string): number {
  const rate = REFERENCE_RATES[currency];
  return rate === undefined ? USD_MINIMUM_CENTS : Math.ceil(USD_MINIMUM_CENTS * rate);
}

function approximateUsd(amount: number, currency: string): string {
  const rate = REFERENCE_RATES[currency] ?? 1;
  return `$${(amount / rate / 100).toFixed(2)}`;
}

/** Refuses an amount under the minimum with Stripe's `amount_too_small` (400). */
export function assertChargeable(amount: number, currency: string, param = "amount"): void {
  if (amount >= minimumCharge(currency)) return;
  const message =
    currency === "usd"
      ? "Amount must be at least $0.50 usd"
      : `Amount must convert to at least 50 cents. ${formatAmount(amount, currency)} converts to approximately ${approximateUsd(amount, currency)}.`;
  throw new StripeApiError(400, "invalid_request_error", message, "amount_too_small", param);
}
