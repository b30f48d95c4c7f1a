import { formatPkr } from "@/lib/plans/money";

/** Micros → whole paisa, half away from zero: the one rounding a displayed figure gets. */
export function roundToPaisa(micros: bigint): bigint {
  const half = micros < 0n ? -5_000n : 5_000n;
  return (micros + half) / 10_000n;
}

/** A micro-rupee figure as the console shows money ("Rs 1,234.57"), rounded once. */
export function formatMicrosPkr(micros: bigint): string {
  return formatPkr(roundToPaisa(micros));
}
