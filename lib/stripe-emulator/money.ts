import { invalidRequest } from "./errors";

/**
 * Exact decimal arithmetic for Stripe's `unit_amount_decimal` (up to 12 decimal places of the
 * currency's minor unit): amounts are scaled integers (BigInt), rounded once per line.
 */
const SCALE_DIGITS = 12;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

export function parseDecimal(value: string, param: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,12}))?$/.exec(value);
  if (!match) throw invalidRequest(`Invalid decimal: ${value}`, param);
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(SCALE_DIGITS, "0"));
}

/** The canonical string Stripe sends back: no trailing zeros, no trailing dot. */
export function formatDecimal(scaled: bigint): string {
  const whole = scaled / SCALE;
  const fraction = (scaled % SCALE).toString().padStart(SCALE_DIGITS, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** quantity × unit amount, rounded half up to the minor unit (Stripe rounds each line once). */
export function lineAmount(unitAmountDecimal: string, quantity: number | bigint): number {
  const product = parseDecimal(unitAmountDecimal, "unit_amount_decimal") * BigInt(quantity);
  return Number((product + SCALE / 2n) / SCALE);
}

/** The integer unit amount when the decimal has no fraction, else null (as Stripe sends it). */
export function wholeAmount(unitAmountDecimal: string): number | null {
  const scaled = parseDecimal(unitAmountDecimal, "unit_amount_decimal");
  return scaled % SCALE === 0n ? Number(scaled / SCALE) : null;
}
