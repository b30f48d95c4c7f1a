import { createHmac, randomBytes } from "node:crypto";
import { serverSecret } from "@/lib/config/secret";

/** How long an invitation link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A new invitation token: 32 random bytes, only ever in the emailed link. */
export function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the invitations table keeps: HMAC-SHA256(server secret, "invite:" + token). Keyed, so a
 * leaked table cannot be turned into working links, nor matched against guesses, without the secret.
 */
export function inviteTokenHash(token: string): string {
  return createHmac("sha256", serverSecret()).update(`invite:${token}`).digest("hex");
}

/** A token that could be ours (43 base64url characters); anything else is refused unread. */
export function isInviteTokenShape(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
