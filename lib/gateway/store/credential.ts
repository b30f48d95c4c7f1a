import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { serverSecret } from "@/lib/config/secret";

/**
 * Upstream credentials at rest: AES-256-GCM with a key derived from the server secret
 * (HMAC-SHA256(secret, purpose), so it never equals the key used to hash API keys). Stored as
 * "v1:" + base64url(iv ‖ tag ‖ ciphertext); a fresh 96-bit IV per value. The admin console only
 * ever learns whether a credential is set, never its value.
 */
const PREFIX = "v1:";

function key(secret: string): Buffer {
  return createHmac("sha256", secret).update("darwaza upstream credentials v1").digest();
}

export function encryptCredential(plain: string, secret: string = serverSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

/** The plain credential; throws when the value was tampered with or the secret changed. */
export function decryptCredential(stored: string, secret: string = serverSecret()): string {
  if (!stored.startsWith(PREFIX)) throw new Error("unknown credential format");
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(secret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
