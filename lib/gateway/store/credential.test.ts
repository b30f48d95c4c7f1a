import { describe, expect, it } from "vitest";
import { decryptCredential, encryptCredential } from "./credential";

const SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

describe("upstream credentials at rest", () => {
  it("round-trips, never stores the plain text, and uses a fresh IV each time", () => {
    const a = encryptCredential("sk-upstream-123", SECRET);
    const b = encryptCredential("sk-upstream-123", SECRET);
    expect(a).not.toContain("sk-upstream");
    expect(a).not.toBe(b);
    expect(decryptCredential(a, SECRET)).toBe("sk-upstream-123");
  });

  it("refuses a tampered value or another secret", () => {
    const stored = encryptCredential("sk-upstream-123", SECRET);
    // Change the second-to-last character (all six of its bits are ciphertext), whatever it is.
    const changed = stored.at(-2) === "A" ? "B" : "A";
    const flipped = `${stored.slice(0, -2)}${changed}${stored.slice(-1)}`;
    expect(flipped).not.toBe(stored);
    expect(() => decryptCredential(flipped, SECRET)).toThrow();
    expect(() => decryptCredential(stored, `${SECRET}x`)).toThrow();
  });
});
