import { formatMicros, MICROS_PER_PKR } from "@/lib/credit/money";

/** PKR is a two-decimal currency at Stripe: amounts go over the wire in paisa. */
export const MICROS_PER_PAISA = 10_000;

/** Stripe's minimum charge (USD 0.50) in PKR: 140.00, as the emulator and Stripe enforce. */
export const MIN_TOPUP_MICROS = 140 * MICROS_PER_PKR;
/** A sane ceiling for one card payment (a typo's extra zeros are refused, not charged). */
export const MAX_TOPUP_MICROS = 1_000_000 * MICROS_PER_PKR;

export function microsToPaisa(micros: number | bigint): number {
  const value = BigInt(micros);
  if (value % BigInt(MICROS_PER_PAISA) !== 0n) throw new RangeError("Not a whole number of paisa");
  return Number(value / BigInt(MICROS_PER_PAISA));
}

export function paisaToMicros(paisa: number): bigint {
  return BigInt(paisa) * BigInt(MICROS_PER_PAISA);
}

/** Why an amount cannot be charged, or null when it can. */
export function topUpAmountProblem(micros: number): string | null {
  if (micros % MICROS_PER_PAISA !== 0) return "Amounts are in whole paisa (at most two decimals).";
  if (micros < MIN_TOPUP_MICROS) {
    return `The smallest top-up is ${formatMicros(MIN_TOPUP_MICROS)} (Stripe's minimum charge).`;
  }
  if (micros > MAX_TOPUP_MICROS) {
    return `The largest top-up is ${formatMicros(MAX_TOPUP_MICROS)}.`;
  }
  return null;
}
