import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Single-use links sent by mail (verify, reset password, change email). The token (32 random
 * bytes, base64url) is only in the link; email_tokens keeps its SHA-256, so a copy of the table
 * opens nothing. A plain hash is enough: 256 random bits cannot be guessed from it.
 */

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What a link's token must look like before the database is asked about it. */
export function wellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Stores a new token's hash for `purpose`, good for `ttlMs` from `now`. */
export async function issueEmailToken(
  tx: Prisma.TransactionClient,
  input: { userId: string; purpose: string; email: string; ttlMs: number; now?: Date },
): Promise<IssuedToken> {
  const token = newToken();
  const expiresAt = new Date((input.now ?? new Date()).getTime() + input.ttlMs);
  await tx.emailToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      email: input.email,
      tokenHash: tokenHash(token),
      expiresAt,
    },
  });
  return { token, expiresAt };
}

export interface ClaimedToken {
  userId: string;
  email: string;
}

/**
 * Uses a token: one UPDATE marks it used only while unused and unexpired, so two requests racing
 * with the same link cannot both win. null for unknown, used, expired or malformed tokens.
 */
export async function claimEmailToken(
  tx: Prisma.TransactionClient,
  token: string,
  purpose: string,
): Promise<ClaimedToken | null> {
  if (!wellFormedToken(token)) return null;
  const rows = await tx.$queryRaw<{ user_id: string; email: string }[]>`
    UPDATE email_tokens SET used_at = now()
    WHERE token_hash = ${tokenHash(token)} AND purpose = ${purpose}
      AND used_at IS NULL AND expires_at > now()
    RETURNING user_id, email`;
  const row = rows[0];
  return row ? { userId: row.user_id, email: row.email } : null;
}

/** Whether a token would still be accepted (a page showing its form), without using it. */
export async function tokenUsable(
  tx: Prisma.TransactionClient,
  token: string,
  purpose: string,
): Promise<boolean> {
  if (!wellFormedToken(token)) return false;
  const found = await tx.emailToken.count({
    where: {
      tokenHash: tokenHash(token),
      purpose,
      usedAt: null,
      expiresAt: { gt: new Date() },
    },
  });
  return found > 0;
}

/** Ends every other open token of this user and purpose (a reset link used: the rest die too). */
export async function retireTokens(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: string,
): Promise<void> {
  await tx.emailToken.updateMany({
    where: { userId, purpose, usedAt: null },
    data: { usedAt: new Date() },
  });
}
