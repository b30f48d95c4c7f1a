/**
 * A model's prices in micro-rupees (1 PKR = 1,000,000 micros; 1 paisa = 10,000 micros), as the
 * gateway reads them from memory. One shape for what the customer pays and for what the upstream
 * charges the seller.
 */
export interface PriceRates {
  /** Per 1M input tokens not served from the upstream's prompt cache. */
  inputPer1M: number;
  /** Per 1M input tokens served from the upstream's prompt cache. */
  cachedInputPer1M: number;
  outputPer1M: number;
  /** Per image, by size ("1024x1024"); "default" for any other size or none. */
  perImage: Readonly<Record<string, number>>;
  /** Per second of audio transcribed (metered by the millisecond). */
  perAudioSecond: number;
  /** Per 1,000 characters of speech input. */
  per1kChars: number;
  /** Per call (custom endpoints priced per request). */
  perRequest: number;
  /** Per answer served from the gateway's response cache. */
  perCacheHit: number;
}

/** One version of one model's prices; the one in force is the newest with effectiveFrom <= start. */
export interface PriceVersion {
  id: string;
  model: string;
  /** Unix ms. */
  effectiveFrom: number;
  sell: PriceRates;
  upstream: PriceRates;
  source: "seed" | "admin" | "config";
  createdByEmail: string | null;
}

export const FREE: PriceRates = Object.freeze({
  inputPer1M: 0,
  cachedInputPer1M: 0,
  outputPer1M: 0,
  perImage: Object.freeze({ default: 0 }),
  perAudioSecond: 0,
  per1kChars: 0,
  perRequest: 0,
  perCacheHit: 0,
});

/** The upstreams file's price (lib/gateway/upstreams/types ModelPrice): paisa, fractions allowed. */
export interface PaisaPrice {
  inputPer1k: number;
  outputPer1k: number;
  perImage: number;
  perSecond: number;
  per1kChars: number;
  perRequest?: number;
  cached?: number;
}

/** Paisa per 1k tokens → micros per 1M tokens is × 10,000,000; any other paisa → micros × 10,000. */
const PER_1K_TO_PER_1M = 10_000_000;
const PAISA = 10_000;

// Math.round only undoes float noise (0.1 × 1e7): prices up to 7 decimals of a paisa convert exactly.
const micros = (paisa: number, factor: number) => Math.round(paisa * factor);

/**
 * The configuration's price as rates. Cached input tokens cost what the configuration says input
 * costs (it has no cached price): the price book is where a lower cached price is set.
 */
export function ratesFromPaisa(price: PaisaPrice): PriceRates {
  const input = micros(price.inputPer1k, PER_1K_TO_PER_1M);
  return {
    inputPer1M: input,
    cachedInputPer1M: input,
    outputPer1M: micros(price.outputPer1k, PER_1K_TO_PER_1M),
    perImage: { default: micros(price.perImage, PAISA) },
    perAudioSecond: micros(price.perSecond, PAISA),
    per1kChars: micros(price.per1kChars, PAISA),
    perRequest: micros(price.perRequest ?? 0, PAISA),
    perCacheHit: micros(price.cached ?? 0, PAISA),
  };
}
