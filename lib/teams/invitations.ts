import { normalizeEmail } from "@/lib/accounts/create-user";
import { type Actor, writeAudit } from "@/lib/audit/record";
import { db } from "@/lib/services";
import { INVITE_TTL_MS, inviteTokenHash, isInviteTokenShape, newInviteToken } from "./invite-token";
import { ASSIGNABLE_ROLES, isTeamRole, type TeamRole } from "./roles";

/** Open invitations an account may have at once: enough for any team, not a mailing list. */
export const MAX_PENDING_INVITATIONS = 50;

export type InviteResult =
  | { ok: true; id: string; token: string; accountName: string; email: string; role: TeamRole }
  | { ok: false; error: "role" | "already_member" | "too_many" };

/**
 * Invites `email` to the account with `role` (never owner: that is a transfer). Any earlier open
 * invitation of the same address is withdrawn, so only the newest link works. The account's row
 * is locked while counting, so a burst of invitations cannot pass the cap. Returns the token for
 * the link: it is stored only as a keyed hash.
 */
export async function createInvitation(input: {
  accountId: string;
  email: string;
  role: string;
  invitedById: string;
  actor: Actor;
  now?: Date;
}): Promise<InviteResult> {
  const role = input.role;
  if (!isTeamRole(role) || !ASSIGNABLE_ROLES.includes(role)) return { ok: false, error: "role" };
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const token = newInviteToken();
  return db().$transaction(async (tx) => {
    const accounts = await tx.$queryRaw<{ name: string }[]>`
      SELECT name FROM accounts WHERE id = ${input.accountId} FOR NO KEY UPDATE`;
    const account = accounts[0];
    if (!account) throw new Error("account not found");
    const member = await tx.membership.count({
      where: { accountId: input.accountId, user: { email } },
    });
    if (member > 0) return { ok: false, error: "already_member" } as const;
    await tx.invitation.updateMany({
      where: { accountId: input.accountId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const pending = await tx.invitation.count({
      where: {
        accountId: input.accountId,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
      },
    });
    if (pending >= MAX_PENDING_INVITATIONS) return { ok: false, error: "too_many" } as const;
    const created = await tx.invitation.create({
      data: {
        accountId: input.accountId,
        email,
        role,
        tokenHash: inviteTokenHash(token),
        invitedById: input.invitedById,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
      },
    });
    await writeAudit(tx, input.actor, {
      action: "team.invite",
      accountId: input.accountId,
      target: created.id,
      details: { email, role },
    });
    return { ok: true, id: created.id, token, accountName: account.name, email, role } as const;
  });
}

/** The account's invitations still waiting for an answer, newest first. */
export async function pendingInvitations(accountId: string, now = new Date()) {
  return db().invitation.findMany({
    where: { accountId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
  });
}

/** Withdraws an open invitation of this account; another account's id is "not found" (false). */
export async function revokeInvitation(input: {
  accountId: string;
  id: string;
  actor: Actor;
}): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ email: string }[]>`
      UPDATE invitations SET revoked_at = now()
      WHERE id = ${input.id} AND account_id = ${input.accountId}
        AND accepted_at IS NULL AND revoked_at IS NULL
      RETURNING email`;
    if (!rows[0]) return false;
    await writeAudit(tx, input.actor, {
      action: "team.invite_revoke",
      accountId: input.accountId,
      target: input.id,
      details: { email: rows[0].email },
    });
    return true;
  });
}

export type InvitationView =
  | { ok: true; accountName: string; email: string; role: TeamRole }
  | { ok: false };

/** What the invitation page shows for a link: only an open, unexpired invitation is shown. */
export async function invitationForToken(
  token: unknown,
  now = new Date(),
): Promise<InvitationView> {
  if (!isInviteTokenShape(token)) return { ok: false };
  const row = await db().invitation.findUnique({
    where: { tokenHash: inviteTokenHash(token) },
    select: {
      email: true,
      role: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      account: { select: { name: true } },
    },
  });
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt <= now || !isTeamRole(row.role))
    return { ok: false };
  return { ok: true, accountName: row.account.name, email: row.email, role: row.role };
}

export type AcceptResult =
  | { ok: true; accountId: string; role: TeamRole }
  | { ok: false; error: "invalid" | "wrong_email" };

/**
 * Accepts an invitation for the signed-in user: at most once (the UPDATE claims it only while it
 * is open and unexpired, so two clicks racing cannot both win) and only by the invited address
 * (a forwarded link opens nothing for someone else, and stays usable by the invitee). Makes the
 * membership with the invited role; someone already a member keeps the role they have.
 */
export async function acceptInvitation(input: {
  token: unknown;
  user: { id: string; email: string };
  actor: Actor;
}): Promise<AcceptResult> {
  if (!isInviteTokenShape(input.token)) return { ok: false, error: "invalid" };
  const hash = inviteTokenHash(input.token);
  const email = normalizeEmail(input.user.email);
  const accepted = await db().$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string; account_id: string; role: string }[]>`
      UPDATE invitations SET accepted_at = now(), accepted_by = ${input.user.id}
      WHERE token_hash = ${hash} AND email = ${email}
        AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      RETURNING id, account_id, role`;
    const row = claimed[0];
    if (!row || !isTeamRole(row.role)) return null;
    await tx.$executeRaw`
      INSERT INTO memberships (user_id, account_id, role)
      VALUES (${input.user.id}, ${row.account_id}, ${row.role})
      ON CONFLICT (user_id, account_id) DO NOTHING`;
    await writeAudit(tx, input.actor, {
      action: "team.accept",
      accountId: row.account_id,
      target: row.id,
      details: { email, role: row.role },
    });
    return { accountId: row.account_id, role: row.role };
  });
  if (accepted) return { ok: true, ...accepted };
  // Say "not for you" only when the link is open but for another address.
  const open = await invitationForToken(input.token);
  return { ok: false, error: open.ok ? "wrong_email" : "invalid" };
}
