import type { PriceRates } from "./rates";

/** What one call consumed, as it is priced. */
export interface Metered {
  /** Every input token, those served from the upstream's prompt cache included (as OpenAI counts). */
  tokensIn?: number;
  /** The part of tokensIn served from the prompt cache, priced at the cached rate. */
  cachedTokensIn?: number;
  tokensOut?: number;
  images?: number;
  /** The size asked for ("1024x1024"); the "default" image price applies to any other. */
  imageSize?: string | null;
  audioMs?: number;
  chars?: number;
  /** Calls priced per request (custom endpoints). */
  requests?: number;
  /** Answers served from the gateway's response cache. */
  cacheHits?: number;
}

const MILLION = 1_000_000;

/** Exact integer division parts of an integer rate: per `per` units → whole micros + remainder. */
function split(rate: number, per: number): [whole: number, rest: number] {
  const rest = rate % per;
  return [(rate - rest) / per, rest];
}

/**
 * The cost of a call in micro-rupees, an exact integer: a book rate is a whole number of micros per
 * unit metered (token, millisecond of audio, character; lib/pricing/schema.ts), so no call's cost
 * is ever rounded. Only a configuration price finer than that (below 0.1 paisa per 1K tokens) leaves
 * a fraction of a micro, which is rounded up, once, for the call.
 */
export function costMicros(price: PriceRates, use: Metered): number {
  const tokensIn = use.tokensIn ?? 0;
  const cached = Math.min(use.cachedTokensIn ?? 0, tokensIn);
  let whole = 0;
  // Fractions of a micro, in millionths of a micro.
  let rest = 0;
  const perUnit = (rate: number, per: number, count: number, scale: number) => {
    if (count === 0 || rate === 0) return;
    const [w, r] = split(rate, per);
    whole += count * w;
    rest += count * r * scale;
  };
  perUnit(price.inputPer1M, MILLION, tokensIn - cached, 1);
  perUnit(price.cachedInputPer1M, MILLION, cached, 1);
  perUnit(price.outputPer1M, MILLION, use.tokensOut ?? 0, 1);
  perUnit(price.perAudioSecond, 1000, use.audioMs ?? 0, 1000);
  perUnit(price.per1kChars, 1000, use.chars ?? 0, 1000);
  const images = use.images ?? 0;
  if (images > 0) {
    const size = use.imageSize ?? "default";
    whole += images * (price.perImage[size] ?? price.perImage.default ?? 0);
  }
  whole += (use.requests ?? 0) * price.perRequest + (use.cacheHits ?? 0) * price.perCacheHit;
  if (rest > 0) whole += (rest + MILLION - 1 - ((rest + MILLION - 1) % MILLION)) / MILLION;
  return whole;
}

/**
 * The most a token-metered call can cost, for holding money before it runs: the whole prompt at
 * the (uncached) input rate and every output token it was granted at the output rate.
 */
export function maxCostMicros(
  price: PriceRates,
  call: { prompt: number; maxOutput: number },
): number {
  return costMicros(price, { tokensIn: call.prompt, tokensOut: call.maxOutput });
}

/** Micros as whole paisa, rounded up (the unit of cost_paisa and of plan prices). */
export function paisaOf(micros: number): number {
  const up = micros + 9_999;
  return (up - (up % 10_000)) / 10_000;
}

/**
 * Micros as PKR in JSON number text, written from the integer's digits ("0.00123", "12", "0"),
 * so it reads back to the same micros with Math.round(cost * 1e6).
 */
export function pkrText(micros: number): string {
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const fraction = abs % MILLION;
  const rupees = (abs - fraction) / MILLION;
  const digits = fraction === 0 ? "" : `.${String(fraction).padStart(6, "0").replace(/0+$/, "")}`;
  return `${negative ? "-" : ""}${rupees}${digits}`;
}
