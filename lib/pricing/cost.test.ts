import { describe, expect, it } from "vitest";
import { costMicros, maxCostMicros, paisaOf, pkrText } from "./cost";
import { FREE, ratesFromPaisa } from "./rates";

// The demo configuration's prices, in paisa (lib/gateway/upstreams/defaults.ts).
const paisa = { inputPer1k: 5, outputPer1k: 15, perImage: 200, perSecond: 1, per1kChars: 50 };
const rates = ratesFromPaisa(paisa);

describe("cost in micro-rupees", () => {
  it("converts paisa per 1K tokens to micros per 1M exactly (× 10,000,000)", () => {
    expect(rates).toMatchObject({
      inputPer1M: 50_000_000,
      cachedInputPer1M: 50_000_000,
      outputPer1M: 150_000_000,
      perImage: { default: 2_000_000 },
      perAudioSecond: 10_000,
      per1kChars: 500_000,
    });
    expect(ratesFromPaisa({ ...paisa, inputPer1k: 0.1 }).inputPer1M).toBe(1_000_000);
  });

  it("prices every unit exactly, without rounding a call", () => {
    expect(costMicros(rates, { tokensIn: 1, tokensOut: 0 })).toBe(50);
    expect(costMicros(rates, { tokensIn: 1000, tokensOut: 1000 })).toBe(200_000);
    expect(costMicros(rates, { tokensIn: 0, tokensOut: 0 })).toBe(0);
    expect(costMicros(rates, { images: 3 })).toBe(6_000_000);
    expect(costMicros(rates, { audioMs: 2500 })).toBe(25_000);
    expect(costMicros(rates, { chars: 2001 })).toBe(1_000_500);
    expect(costMicros({ ...FREE, perRequest: 250_000 }, { requests: 1 })).toBe(250_000);
    expect(costMicros({ ...FREE, perCacheHit: 7 }, { cacheHits: 1 })).toBe(7);
  });

  it("keeps cost_paisa what it was: the same micros rounded up to a paisa", () => {
    // The old costPaisa's cases (ceil of the total in paisa).
    expect(paisaOf(costMicros(rates, { tokensIn: 1000, tokensOut: 1000 }))).toBe(20);
    expect(paisaOf(costMicros(rates, { tokensIn: 1, tokensOut: 0 }))).toBe(1);
    expect(paisaOf(costMicros(rates, { tokensIn: 100, tokensOut: 100 }))).toBe(2);
    expect(paisaOf(costMicros(rates, { images: 3 }))).toBe(600);
    expect(paisaOf(costMicros(rates, { audioMs: 2500 }))).toBe(3);
    expect(paisaOf(costMicros(rates, { chars: 2000 }))).toBe(100);
    const tenth = ratesFromPaisa({ ...paisa, inputPer1k: 0.1 });
    expect(paisaOf(costMicros(tenth, { tokensIn: 30_000 }))).toBe(3);
    expect(paisaOf(0)).toBe(0);
    expect(paisaOf(10_001)).toBe(2);
  });

  it("charges prompt-cache hits at the cached rate", () => {
    const cachedCheaper = { ...rates, cachedInputPer1M: 5_000_000 };
    // 1,000 prompt tokens of which 800 cached: 200 × 50 + 800 × 5 micros.
    expect(costMicros(cachedCheaper, { tokensIn: 1000, cachedTokensIn: 800 })).toBe(14_000);
    // More cached than sent is read as all cached, never a negative count.
    expect(costMicros(cachedCheaper, { tokensIn: 10, cachedTokensIn: 50 })).toBe(50);
  });

  it("prices images by size, else the default", () => {
    const sized = { ...FREE, perImage: { default: 1_000_000, "1024x1024": 3_000_000 } };
    expect(costMicros(sized, { images: 2, imageSize: "1024x1024" })).toBe(6_000_000);
    expect(costMicros(sized, { images: 2, imageSize: "256x256" })).toBe(2_000_000);
    expect(costMicros(sized, { images: 1 })).toBe(1_000_000);
  });

  it("rounds up once per call only a configuration price finer than a micro per unit", () => {
    // 0.15 paisa per 1K tokens = 1.5 micros a token: 3 tokens cost 4.5 → 5 micros.
    const fine = ratesFromPaisa({ ...paisa, inputPer1k: 0.15, outputPer1k: 0 });
    expect(costMicros(fine, { tokensIn: 3 })).toBe(5);
    expect(costMicros(fine, { tokensIn: 2 })).toBe(3);
  });

  it("holds the most a call can cost: the whole prompt uncached and every granted output token", () => {
    expect(maxCostMicros(rates, { prompt: 100, maxOutput: 50 })).toBe(100 * 50 + 50 * 150);
    expect(maxCostMicros(FREE, { prompt: 100, maxOutput: 50 })).toBe(0);
  });

  it("writes micros as PKR JSON numbers that read back to the same micros", () => {
    expect(pkrText(0)).toBe("0");
    expect(pkrText(12_000_000)).toBe("12");
    expect(pkrText(1_230)).toBe("0.00123");
    expect(pkrText(1_234_567)).toBe("1.234567");
    expect(pkrText(-5)).toBe("-0.000005");
    for (const micros of [1, 7, 99_999, 123_456_789, 9_007_199_254]) {
      expect(Math.round(JSON.parse(pkrText(micros)) * 1e6)).toBe(micros);
    }
  });
});
