import type { ModelPrice } from "../upstreams/types";

export interface Consumption {
  tokensIn?: number;
  tokensOut?: number;
  images?: number;
  audioMs?: number;
  chars?: number;
  /** Calls priced per request (custom endpoints). */
  requests?: number;
}

/**
 * The cost of one call at the model's current price, in whole paisa, rounded up (a call that cost
 * anything costs at least one paisa). Computed when the call ends and stored with its event, so
 * later price changes never rewrite history.
 */
export function costPaisa(price: ModelPrice, use: Consumption): number {
  const milliPaisa =
    (use.tokensIn ?? 0) * price.inputPer1k +
    (use.tokensOut ?? 0) * price.outputPer1k +
    (use.images ?? 0) * price.perImage * 1000 +
    (use.audioMs ?? 0) * price.perSecond +
    (use.chars ?? 0) * price.per1kChars +
    (use.requests ?? 0) * (price.perRequest ?? 0) * 1000;
  // The epsilon keeps float noise (e.g. 0.1 * 3) from adding a paisa.
  return Math.max(0, Math.ceil(milliPaisa / 1000 - 1e-9));
}
