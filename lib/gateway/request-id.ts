import { randomBytes } from "node:crypto";

/**
 * Request ids are the primary key of usage_events, so they are always generated here and never
 * taken from the client (a chosen id could collide with another request and hide it from billing).
 * `req_` + the time in ms (base36, fixed width) + 72 random bits: time first so that inserts land
 * at the right edge of the primary-key index, which costs Postgres less CPU per event than random
 * ids (bench/README.md, "Request ids"); randomness for uniqueness across instances. The random
 * part is cut from a pooled string and the time part reused within a millisecond: id making stays
 * off the profile (npm run bench:profile).
 */
const CHARS = 12; // 72 bits
const POOL_BYTES = (CHARS * 1024 * 3) / 4;
let pool = "";
let offset = 0;
let prefixMs = -1;
let prefix = "";

export function newRequestId(now: number = Date.now()): string {
  if (offset + CHARS > pool.length) {
    pool = randomBytes(POOL_BYTES).toString("base64url");
    offset = 0;
  }
  if (now !== prefixMs) {
    prefixMs = now;
    prefix = `req_${now.toString(36).padStart(9, "0")}`;
  }
  const random = pool.slice(offset, offset + CHARS);
  offset += CHARS;
  return prefix + random;
}
