import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { env } from "@/lib/config/env";
import { serverSecret } from "@/lib/config/secret";

/**
 * Keys are stored only as HMAC-SHA256(server secret, key) in hex. A keyed hash means a stolen
 * api_keys table cannot be checked against guesses without the secret too. The secret is read
 * once per parsed configuration (serverSecret() may read a file; this runs on every request) and
 * kept as a KeyObject, which HMAC uses without preparing the key again each time.
 */
let cached: { config: object; secret: KeyObject } | undefined;

function secret(): KeyObject {
  const config = env();
  if (cached && cached.config === config) return cached.secret;
  const value = createSecretKey(Buffer.from(serverSecret(), "utf8"));
  cached = { config, secret: value };
  return value;
}

export function hashKey(key: string): string {
  return createHmac("sha256", secret()).update(key).digest("hex");
}
