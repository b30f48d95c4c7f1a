import { z } from "zod";
import type { PriceRates } from "./rates";

/** The most any one rate may be (PKR 1,000,000 per unit): keeps every cost a safe integer. */
const MAX_MICROS = 1_000_000_000_000;

/** "12.5" (PKR, up to 6 decimals) → 12,500,000 micros, from the digits (no float on the way). */
export function parsePkr(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return null;
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? "").padEnd(6, "0"));
  return micros <= MAX_MICROS ? micros : null;
}

/**
 * One PKR amount field: blank is 0. `step` is the finest the amount may go, in micros: a sell rate
 * must be a whole number of micros per unit metered (per token: whole rupees per 1M tokens) so that
 * no call's cost is ever rounded (cost.ts).
 */
function pkr(step = 1, stepMessage = "") {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((value, ctx) => {
      const text = value === undefined ? "" : String(value).trim();
      if (text === "") return 0;
      const micros = parsePkr(text);
      if (micros === null) {
        ctx.addIssue({ code: "custom", message: "An amount in PKR, e.g. 12.5 (up to 6 decimals)" });
        return z.NEVER;
      }
      if (micros % step !== 0) {
        ctx.addIssue({ code: "custom", message: stepMessage });
        return z.NEVER;
      }
      return micros;
    });
}

const perToken = () =>
  pkr(1_000_000, "Whole rupees per 1M tokens (a finer price would round each call)");
const perThousandth = () =>
  pkr(1_000, "At most 3 decimals (PKR 0.001): finer would round each call");

/**
 * Image prices by size: "2" (every size), or "default: 2, 1024x1024: 4.5" (PKR per image); sizes
 * not listed cost the default.
 */
const imagePrices = z
  .union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))])
  .optional()
  .transform((value, ctx) => {
    const entries: [string, string][] =
      value === undefined
        ? []
        : typeof value === "string"
          ? value
              .split(/[,\n]/)
              .map((part) => part.trim())
              .filter(Boolean)
              .map((part) => {
                const [size, amount] = part.includes(":") ? part.split(":") : ["default", part];
                return [size.trim(), (amount ?? "").trim()];
              })
          : Object.entries(value).map(([size, amount]) => [size, String(amount)]);
    const prices: Record<string, number> = { default: 0 };
    for (const [size, amount] of entries) {
      const micros = parsePkr(amount);
      if (!/^(default|\d{2,5}x\d{2,5})$/.test(size) || micros === null) {
        ctx.addIssue({ code: "custom", message: 'Like "2" or "default: 2, 1024x1024: 4.5"' });
        return z.NEVER;
      }
      prices[size] = micros;
    }
    return prices;
  });

/** A new version of a model's prices, as the console form and the admin API send it (PKR). */
export const priceVersionSchema = z.object({
  model: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "A model id, e.g. demo-chat or x/sentiment"),
  inputPer1M: perToken(),
  cachedInputPer1M: perToken(),
  outputPer1M: perToken(),
  perImage: imagePrices,
  perAudioSecond: perThousandth(),
  per1kChars: perThousandth(),
  perRequest: pkr(),
  perCacheHit: pkr(),
  upstreamInputPer1M: pkr(),
  upstreamCachedInputPer1M: pkr(),
  upstreamOutputPer1M: pkr(),
  upstreamPerImage: imagePrices,
  upstreamPerAudioSecond: pkr(),
  upstreamPer1kChars: pkr(),
  upstreamPerRequest: pkr(),
  /**
   * Blank: now. Else an ISO time with its offset, or a form's "2027-01-01T09:00" read in the
   * business time zone. Checked against the clock where the version is added (never the past).
   */
  effectiveFrom: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
        ctx.addIssue({ code: "custom", message: "A date and time, e.g. 2027-01-01T09:00" });
        return z.NEVER;
      }
      return value;
    }),
});
export type PriceVersionInput = z.output<typeof priceVersionSchema>;

/** The input's sell and upstream rates. */
export function ratesOfInput(input: PriceVersionInput): { sell: PriceRates; upstream: PriceRates } {
  return {
    sell: {
      inputPer1M: input.inputPer1M,
      cachedInputPer1M: input.cachedInputPer1M,
      outputPer1M: input.outputPer1M,
      perImage: input.perImage,
      perAudioSecond: input.perAudioSecond,
      per1kChars: input.per1kChars,
      perRequest: input.perRequest,
      perCacheHit: input.perCacheHit,
    },
    upstream: {
      inputPer1M: input.upstreamInputPer1M,
      cachedInputPer1M: input.upstreamCachedInputPer1M,
      outputPer1M: input.upstreamOutputPer1M,
      perImage: input.upstreamPerImage,
      perAudioSecond: input.upstreamPerAudioSecond,
      per1kChars: input.upstreamPer1kChars,
      perRequest: input.upstreamPerRequest,
      perCacheHit: 0,
    },
  };
}
