import type { Consumption } from "../metering/cost";
import type { ModelConfig } from "../upstreams/types";

/**
 * What calls cost, in integer micro-rupees: the seam the price book plugs into. `maxCost` bounds a
 * call before it runs (null: this call cannot be bounded, so it is never charged past the
 * allowance); `cost` is what it used, at list price.
 */
export interface Pricing {
  maxCost(model: ModelConfig, tokens: { prompt: number; maxOutput: number } | null): number | null;
  cost(model: ModelConfig, use: Consumption): number;
}

/** 1 paisa = 10,000 micros, so a price of p paisa per 1,000 tokens is 10·p micros per token. */
const PER_1K_TO_MICROS = 10;
const PAISA_TO_MICROS = 10_000;

/**
 * Today's prices (ModelPrice, paisa) in micros, rounded up once per call. The epsilon keeps float
 * noise (0.1 × 3) from adding a micro.
 */
export const listPricing: Pricing = {
  maxCost(model, tokens) {
    const price = model.price;
    if (tokens) {
      const micros =
        tokens.prompt * price.inputPer1k * PER_1K_TO_MICROS +
        tokens.maxOutput * price.outputPer1k * PER_1K_TO_MICROS;
      return Math.max(0, Math.ceil(micros - 1e-6));
    }
    // Priced per call (custom endpoints): known in advance. Images and audio are not bounded here.
    if (price.perRequest && !price.perImage && !price.perSecond && !price.per1kChars)
      return Math.ceil(price.perRequest * PAISA_TO_MICROS - 1e-6);
    return null;
  },
  cost(model, use) {
    const price = model.price;
    const micros =
      (use.tokensIn ?? 0) * price.inputPer1k * PER_1K_TO_MICROS +
      (use.tokensOut ?? 0) * price.outputPer1k * PER_1K_TO_MICROS +
      (use.images ?? 0) * price.perImage * PAISA_TO_MICROS +
      // Per second in paisa is per millisecond in paisa/1000: 10 micros a millisecond per paisa.
      (use.audioMs ?? 0) * price.perSecond * PER_1K_TO_MICROS +
      (use.chars ?? 0) * price.per1kChars * PER_1K_TO_MICROS +
      (use.requests ?? 0) * (price.perRequest ?? 0) * PAISA_TO_MICROS;
    return Math.max(0, Math.ceil(micros - 1e-6));
  },
};
