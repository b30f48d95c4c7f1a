import { hash } from "node:crypto";
import { env } from "@/lib/config/env";
import { isWellFormedKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";

const MAX_REMEMBERED = 10_000;

/**
 * The stored hash (HMAC) of a presented key, for the hot path. The HMACs of keys seen recently
 * are remembered under the key's one-shot SHA-256, several times cheaper than an HMAC (npm run
 * bench:profile), which also stands for the format check already passed. The memo
 * holds no plaintext key, only its unkeyed digest (useless to an attacker: the keys carry ~190
 * bits of randomness) next to the HMAC the database stores anyway. Bounded, oldest first out;
 * begun anew when the configuration (and so perhaps the secret) changes.
 */
export class KeyHashes {
  private remembered = new Map<string, string>();
  private config: object | null = null;

  /** The key's HMAC, or null when the key is malformed (refused without any lookup). */
  of(key: string): string | null {
    const config = env();
    if (config !== this.config) {
      this.remembered = new Map();
      this.config = config;
    }
    const digest = hash("sha256", key, "base64");
    const known = this.remembered.get(digest);
    if (known !== undefined) return known;
    if (!isWellFormedKey(key)) return null;
    const hmac = hashKey(key);
    if (this.remembered.size >= MAX_REMEMBERED) {
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    this.remembered.set(digest, hmac);
    return hmac;
  }
}
