import { normalizeEmail } from "@/lib/accounts/create-user";
import type { Mailer } from "@/lib/mail/mailer";
import { resetPasswordMail } from "@/lib/mail/templates";
import { db } from "@/lib/services";
import { claimEmailToken, issueEmailToken, retireTokens, tokenUsable } from "./email-token";
import { hashPassword } from "./password";

export const RESET_PURPOSE = "reset_password";
export const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Mails a reset link when the address belongs to a (not deleted) user; sends nothing otherwise.
 * The caller answers the same either way. Returns whether a mail went out (for tests and logs).
 */
export async function sendPasswordReset(
  mailer: Mailer,
  email: string,
  origin: string,
  now = new Date(),
): Promise<boolean> {
  const address = normalizeEmail(email);
  const user = await db().user.findUnique({
    where: { email: address },
    select: { id: true, email: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return false;
  const { token } = await issueEmailToken(db(), {
    userId: user.id,
    purpose: RESET_PURPOSE,
    email: user.email,
    ttlMs: RESET_TTL_MS,
    now,
  });
  await mailer.send(resetPasswordMail(user.email, `${origin}/reset-password?token=${token}`));
  return true;
}

/** For the reset page: show the form, or say at once that the link is spent. */
export function resetTokenUsable(token: string): Promise<boolean> {
  return tokenUsable(db(), token, RESET_PURPOSE);
}

export type ResetResult = { ok: true; userId: string } | { ok: false };

/**
 * Sets a new password with a reset link: the token is used at most once (claimed atomically),
 * only for the address it was sent to, and every other open reset link of the user dies with it.
 * Every session ends (the version moves on).
 */
export async function resetPassword(token: string, password: string): Promise<ResetResult> {
  // Hashed before the transaction: argon2 takes a while and must not hold row locks.
  const passwordHash = await hashPassword(password);
  const userId = await db().$transaction(async (tx) => {
    const claimed = await claimEmailToken(tx, token, RESET_PURPOSE);
    if (!claimed) return null;
    const user = await tx.user.findUnique({
      where: { id: claimed.userId },
      select: { email: true, deletedAt: true },
    });
    if (!user || user.deletedAt || user.email !== claimed.email) return null;
    await tx.user.update({
      where: { id: claimed.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    await retireTokens(tx, claimed.userId, RESET_PURPOSE);
    return claimed.userId;
  });
  return userId ? { ok: true, userId } : { ok: false };
}
