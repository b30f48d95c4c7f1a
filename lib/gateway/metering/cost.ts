import type { Metered } from "@/lib/pricing/cost";

/**
 * What a call consumed, as metering records and lib/pricing prices it (tokensIn, cachedTokensIn,
 * tokensOut, images and their size, audioMs, chars, requests, cacheHits).
 */
export type Consumption = Metered;
