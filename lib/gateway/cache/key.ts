import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level: equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
    .map(
      (name) =>
        `${JSON.stringify(name)}:${canonicalJson((value as Record<string, unknown>)[name])}`,
    );
  return `{${entries.join(",")}}`;
}

/**
 * The cache key: account, endpoint, model and the canonical body, hashed. The account is part of
 * it, so one account's answer is never served to another.
 */
export function cacheKey(
  accountId: string,
  endpoint: string,
  model: string,
  body: unknown,
): string {
  return createHash("sha256")
    .update(`${accountId}\n${endpoint}\n${model}\n`)
    .update(canonicalJson(body))
    .digest("base64url");
}
