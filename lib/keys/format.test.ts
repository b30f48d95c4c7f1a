import { describe, expect, it } from "vitest";
import { displayKey, generateKey, isWellFormedKey, KEY_LENGTH, lastFour } from "./format";

describe("API key format", () => {
  it("is sk- + 32 random base62 characters + a 6-character checksum", () => {
    const keys = new Set(Array.from({ length: 1000 }, generateKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) {
      expect(key).toMatch(/^sk-[0-9A-Za-z]{38}$/);
      expect(key).toHaveLength(KEY_LENGTH);
      expect(isWellFormedKey(key)).toBe(true);
    }
    // 32 base62 characters carry 32 × log2(62) ≈ 190 bits.
    expect(32 * Math.log2(62)).toBeGreaterThan(160);
  });

  it("refuses a mistyped, truncated or made-up key without any lookup", () => {
    const key = generateKey();
    const typo = `${key.slice(0, 10)}${key[10] === "a" ? "b" : "a"}${key.slice(11)}`;
    expect(isWellFormedKey(typo)).toBe(false);
    expect(isWellFormedKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedKey(`${key}x`)).toBe(false);
    expect(isWellFormedKey(`pk-${key.slice(3)}`)).toBe(false);
    expect(isWellFormedKey("sk-".padEnd(KEY_LENGTH, "A"))).toBe(false);
    expect(isWellFormedKey("")).toBe(false);
  });

  it("is displayed as sk-… and its last four characters", () => {
    const key = generateKey();
    expect(displayKey(lastFour(key))).toBe(`sk-…${key.slice(-4)}`);
  });
});
