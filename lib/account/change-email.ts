import { normalizeEmail } from "@/lib/accounts/create-user";
import { isConfiguredAdmin } from "@/lib/auth/admin-emails";
import { claimEmailToken, issueEmailToken } from "@/lib/auth/email-token";
import { verifyPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Mailer } from "@/lib/mail/mailer";
import { confirmNewEmailMail, emailChangedMail } from "@/lib/mail/templates";
import { db, services } from "@/lib/services";

export const CHANGE_EMAIL_PURPOSE = "change_email";
export const CHANGE_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

/** Each request mails a stranger's address: a user may ask 5 times an hour. */
export const EMAIL_CHANGE_THROTTLE = { perUser: 5, windowMs: 60 * 60_000 } as const;

export type RequestEmailChangeResult =
  | { ok: true }
  | { ok: false; error: "wrong_password" | "same_email" | "no_user" }
  | { ok: false; error: "throttled"; retryAfterSeconds: number };

/**
 * Starts an email change: after the password (when the user has one) is checked, a link goes to
 * the NEW address; nothing changes until it is followed. An address that already has an account
 * gets no mail but the same answer, so the form does not reveal who has an account.
 */
export async function requestEmailChange(
  mailer: Mailer,
  input: { userId: string; password: string; newEmail: string; origin: string },
): Promise<RequestEmailChangeResult> {
  const user = await db().user.findUnique({
    where: { id: input.userId },
    select: { id: true, email: true, passwordHash: true, deletedAt: true },
  });
  if (!user || user.deletedAt) return { ok: false, error: "no_user" };
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.password))) {
    return { ok: false, error: "wrong_password" };
  }
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) return { ok: false, error: "same_email" };
  // Checked and counted in one atomic step (Redis or this process), before any mail goes out.
  const waitMs = await services()
    .counters()
    .take([
      {
        key: `darwaza:throttle:email-change:${user.id}`,
        max: EMAIL_CHANGE_THROTTLE.perUser,
        windowMs: EMAIL_CHANGE_THROTTLE.windowMs,
      },
    ]);
  if (waitMs > 0) {
    return { ok: false, error: "throttled", retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  const taken = await db().user.count({ where: { email: newEmail } });
  if (taken > 0) return { ok: true };
  const { token } = await issueEmailToken(db(), {
    userId: user.id,
    purpose: CHANGE_EMAIL_PURPOSE,
    email: newEmail,
    ttlMs: CHANGE_EMAIL_TTL_MS,
  });
  await mailer.send(confirmNewEmailMail(newEmail, `${input.origin}/confirm-email?token=${token}`));
  return { ok: true };
}

export type ConfirmEmailChangeResult =
  | { ok: true; userId: string; oldEmail: string; newEmail: string }
  | { ok: false };

/**
 * Follows the link mailed to the new address: the token is used once (atomically), the address
 * becomes the user's, verified, and the old address is told. If someone took the address in the
 * meantime the unique index refuses and nothing changes.
 */
export async function confirmEmailChange(
  mailer: Mailer,
  token: string,
): Promise<ConfirmEmailChangeResult> {
  let changed: { userId: string; oldEmail: string; newEmail: string; accounts: string[] } | null;
  try {
    changed = await db().$transaction(async (tx) => {
      const claimed = await claimEmailToken(tx, token, CHANGE_EMAIL_PURPOSE);
      if (!claimed) return null;
      const user = await tx.user.findUnique({
        where: { id: claimed.userId },
        select: { email: true, role: true, deletedAt: true },
      });
      if (!user || user.deletedAt) return null;
      await tx.user.update({
        where: { id: claimed.userId },
        data: {
          email: claimed.email,
          emailVerifiedAt: new Date(),
          // As a verification link would: a verified address DARWAZA_ADMIN_EMAILS lists is an admin.
          ...(user.role !== "admin" && isConfiguredAdmin(claimed.email) ? { role: "admin" } : {}),
        },
      });
      // The gateway reads "owner verified" with the account: touch them so every instance re-reads.
      const owned = await tx.membership.findMany({
        where: { userId: claimed.userId },
        select: { accountId: true },
      });
      const accounts = owned.map((m) => m.accountId);
      await tx.account.updateMany({
        where: { id: { in: accounts } },
        data: { updatedAt: new Date() },
      });
      return { userId: claimed.userId, oldEmail: user.email, newEmail: claimed.email, accounts };
    });
  } catch (error) {
    // Someone took the address since the link was sent.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false };
    }
    throw error;
  }
  if (!changed) return { ok: false };
  for (const id of changed.accounts) services().control.invalidate({ scope: "account", id });
  await mailer.send(emailChangedMail(changed.oldEmail, changed.newEmail));
  return {
    ok: true,
    userId: changed.userId,
    oldEmail: changed.oldEmail,
    newEmail: changed.newEmail,
  };
}
