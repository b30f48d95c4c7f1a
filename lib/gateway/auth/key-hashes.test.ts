import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { generateKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { KeyHashes } from "./key-hashes";

const original = process.env.DARWAZA_SECRET;

function useSecret(secret: string) {
  process.env.DARWAZA_SECRET = secret;
  resetEnvCache();
}

afterEach(() => {
  if (original === undefined) delete process.env.DARWAZA_SECRET;
  else process.env.DARWAZA_SECRET = original;
  resetEnvCache();
});

describe("KeyHashes", () => {
  it("gives the stored HMAC of a key, the first time and from memory", () => {
    useSecret("key-hashes-test-secret-0123456789abcdefghij");
    const hashes = new KeyHashes();
    const key = generateKey();
    const first = hashes.of(key);
    expect(first).toBe(hashKey(key));
    expect(hashes.of(key)).toBe(first);
    const other = generateKey();
    expect(hashes.of(other)).toBe(hashKey(other));
    expect(hashes.of(other)).not.toBe(first);
  });

  it("refuses a malformed key (null) without remembering it", () => {
    useSecret("key-hashes-test-secret-0123456789abcdefghij");
    const hashes = new KeyHashes();
    const key = generateKey();
    const typo = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect(hashes.of(typo)).toBeNull();
    expect(hashes.of(typo)).toBeNull();
    expect(hashes.of("not a key")).toBeNull();
  });

  it("starts over when the configuration (the secret) changes", () => {
    useSecret("key-hashes-test-secret-one-0123456789abcdef");
    const hashes = new KeyHashes();
    const key = generateKey();
    const before = hashes.of(key);
    useSecret("key-hashes-test-secret-two-0123456789abcdef");
    const after = hashes.of(key);
    expect(after).not.toBe(before);
    expect(after).toBe(hashKey(key));
  });
});
