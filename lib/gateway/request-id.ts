import { randomBytes } from "node:crypto";

/**
 * Request ids are the primary key of usage_events, so they are always generated here and never
 * taken from the client (a chosen id could collide with another request and hide it from billing).
 * 12 random bytes from a pooled buffer: cheap on the hot path, 96 bits of uniqueness.
 */
const POOL_SIZE = 12 * 512;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

export function newRequestId(): string {
  if (offset + 12 > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + 12);
  offset += 12;
  return `req_${id}`;
}
