import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Key format: `sk-` + 32 base62 characters of randomness (~190 bits) + a 6-character base62
 * CRC32 of those characters. The checksum lets the gateway refuse a mistyped or made-up key
 * without touching the cache or the database; it is not a secret and adds no security.
 */
export const KEY_PREFIX = "sk-";
const BODY_LENGTH = 32;
const CHECK_LENGTH = 6;
export const KEY_LENGTH = KEY_PREFIX.length + BODY_LENGTH + CHECK_LENGTH;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SHAPE = /^sk-[0-9A-Za-z]{38}$/;

function checksum(body: string): string {
  let value = crc32(body);
  let out = "";
  for (let i = 0; i < CHECK_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function randomBody(): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = "";
  while (out.length < BODY_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && out.length < BODY_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function generateKey(): string {
  const body = randomBody();
  return `${KEY_PREFIX}${body}${checksum(body)}`;
}

/** True when the string has the shape of a Darwaza key and its checksum matches. */
export function isWellFormedKey(key: string): boolean {
  if (key.length !== KEY_LENGTH || !SHAPE.test(key)) return false;
  const body = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + BODY_LENGTH);
  return checksum(body) === key.slice(KEY_PREFIX.length + BODY_LENGTH);
}

export function lastFour(key: string): string {
  return key.slice(-4);
}

/** How a key is shown after creation: `sk-…abcd`. */
export function displayKey(last4: string, prefix = KEY_PREFIX): string {
  return `${prefix}…${last4}`;
}
