import { describe, expect, it } from "vitest";
import { costPaisa } from "./cost";

const price = { inputPer1k: 5, outputPer1k: 15, perImage: 200, perSecond: 1, per1kChars: 50 };

describe("cost in paisa", () => {
  it("prices tokens per 1K, rounding the total up", () => {
    expect(costPaisa(price, { tokensIn: 1000, tokensOut: 1000 })).toBe(20);
    expect(costPaisa(price, { tokensIn: 1, tokensOut: 0 })).toBe(1);
    expect(costPaisa(price, { tokensIn: 0, tokensOut: 0 })).toBe(0);
    expect(costPaisa(price, { tokensIn: 100, tokensOut: 100 })).toBe(2);
  });

  it("prices images, audio seconds and characters", () => {
    expect(costPaisa(price, { images: 3 })).toBe(600);
    expect(costPaisa(price, { audioMs: 2500 })).toBe(3);
    expect(costPaisa(price, { chars: 2000 })).toBe(100);
  });

  it("does not add a paisa for float noise", () => {
    expect(costPaisa({ ...price, inputPer1k: 0.1 }, { tokensIn: 30_000 })).toBe(3);
  });
});
