import type { Mailer } from "@/lib/mail/mailer";
import { verifyEmailMail } from "@/lib/mail/templates";
import { db, services } from "@/lib/services";
import { isConfiguredAdmin } from "./admin-emails";
import { newToken, tokenHash } from "./email-token";

export const VERIFY_PURPOSE = "verify_email";
export const VERIFY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A single-use link proving the user receives mail at their address. The token (32 random bytes)
 * is in the link only; the table keeps its SHA-256. Returns the token.
 */
export async function issueVerificationToken(
  user: { id: string; email: string },
  now = new Date(),
): Promise<string> {
  const token = newToken();
  await db().emailToken.create({
    data: {
      userId: user.id,
      purpose: VERIFY_PURPOSE,
      email: user.email,
      tokenHash: tokenHash(token),
      expiresAt: new Date(now.getTime() + VERIFY_TTL_MS),
    },
  });
  return token;
}

/** Issues a token and mails its link to the user's address. */
export async function sendVerificationEmail(
  mailer: Mailer,
  user: { id: string; email: string },
  origin: string,
  /** Where "Continue" goes after confirming (a plan chosen on the pricing page), if not the dashboard. */
  returnTo?: string,
): Promise<void> {
  const token = await issueVerificationToken(user);
  const next =
    returnTo && returnTo !== "/dashboard" ? `&callbackUrl=${encodeURIComponent(returnTo)}` : "";
  await mailer.send(verifyEmailMail(user.email, `${origin}/verify-email?token=${token}${next}`));
}

/** At most one link per user per minute: asking again sooner sends nothing. */
const RESEND_GAP_MS = 60_000;

/**
 * Sends a fresh link unless one went out in the last minute. The user's row is locked while
 * deciding, so a burst of clicks sends one mail. Returns whether a mail was sent.
 */
export async function resendVerificationEmail(
  mailer: Mailer,
  userId: string,
  origin: string,
): Promise<boolean> {
  const token = newToken();
  const user = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ email: string; email_verified_at: Date | null }[]>`
      SELECT email, email_verified_at FROM users WHERE id = ${userId} FOR UPDATE`;
    const row = rows[0];
    if (!row || row.email_verified_at) return null;
    const recent = await tx.emailToken.count({
      where: {
        userId,
        purpose: VERIFY_PURPOSE,
        createdAt: { gt: new Date(Date.now() - RESEND_GAP_MS) },
      },
    });
    if (recent > 0) return null;
    await tx.emailToken.create({
      data: {
        userId,
        purpose: VERIFY_PURPOSE,
        email: row.email,
        tokenHash: tokenHash(token),
        expiresAt: new Date(Date.now() + VERIFY_TTL_MS),
      },
    });
    return row;
  });
  if (!user) return false;
  await mailer.send(verifyEmailMail(user.email, `${origin}/verify-email?token=${token}`));
  return true;
}

export type VerifyResult = { ok: true; userId: string } | { ok: false };

/**
 * Uses a verification token: at most once (the UPDATE claims it only while unused and unexpired,
 * so two clicks racing each other cannot both win) and only for the address it was sent to. The
 * user is verified, promoted when DARWAZA_ADMIN_EMAILS lists the address, and the gateway forgets
 * their accounts so keys refused for want of verification work on the next call.
 */
export async function verifyEmailToken(token: string): Promise<VerifyResult> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false };
  const hash = tokenHash(token);
  const accounts = await db().$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ user_id: string; email: string }[]>`
      UPDATE email_tokens SET used_at = now()
      WHERE token_hash = ${hash} AND purpose = ${VERIFY_PURPOSE}
        AND used_at IS NULL AND expires_at > now()
      RETURNING user_id, email`;
    const row = claimed[0];
    if (!row) return null;
    const user = await tx.user.findUnique({
      where: { id: row.user_id },
      select: { email: true, emailVerifiedAt: true, role: true },
    });
    if (!user || user.email !== row.email) return null;
    await tx.user.update({
      where: { id: row.user_id },
      data: {
        emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
        ...(user.role !== "admin" && isConfiguredAdmin(user.email) ? { role: "admin" } : {}),
      },
    });
    // Touch the accounts it owns: other instances' pollers see updated_at move.
    const owned = await tx.membership.findMany({
      where: { userId: row.user_id },
      select: { accountId: true },
    });
    const ids = owned.map((m) => m.accountId);
    await tx.account.updateMany({ where: { id: { in: ids } }, data: { updatedAt: new Date() } });
    return { userId: row.user_id, ids };
  });
  if (!accounts) return { ok: false };
  for (const id of accounts.ids) services().control.invalidate({ scope: "account", id });
  return { ok: true, userId: accounts.userId };
}
