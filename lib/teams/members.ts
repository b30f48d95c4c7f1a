import { type Actor, writeAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/services";
import { ASSIGNABLE_ROLES, isTeamRole } from "./roles";

/** The account's members with their roles, owner first, then by when they joined. */
export async function teamMembers(accountId: string) {
  const rows = await db().membership.findMany({
    where: { accountId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  const members = rows.map((row) => ({
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    joinedAt: row.createdAt,
  }));
  return members.sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner"));
}

export type TeamMember = Awaited<ReturnType<typeof teamMembers>>[number];

export type MemberChange = { ok: true } | { ok: false; error: string };

const NOT_FOUND: MemberChange = {
  ok: false,
  error: "That person is not a member of this account.",
};

/** A member's row, locked for the rest of the transaction, with their email for the audit log. */
async function lockMember(tx: Prisma.TransactionClient, accountId: string, userId: string) {
  const rows = await tx.$queryRaw<{ role: string; email: string }[]>`
    SELECT m.role, u.email FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.account_id = ${accountId} AND m.user_id = ${userId}
    FOR UPDATE OF m`;
  return rows[0] ?? null;
}

/** Gives a member another role (admin, developer or billing). The owner's changes by transfer only. */
export async function changeMemberRole(input: {
  accountId: string;
  userId: string;
  role: string;
  actor: Actor;
}): Promise<MemberChange> {
  const role = input.role;
  if (!isTeamRole(role) || !ASSIGNABLE_ROLES.includes(role))
    return { ok: false, error: "Choose admin, developer or billing." };
  return db().$transaction(async (tx) => {
    const member = await lockMember(tx, input.accountId, input.userId);
    if (!member) return NOT_FOUND;
    if (member.role === "owner")
      return { ok: false, error: "The owner's role changes only by transferring ownership." };
    if (member.role === role) return { ok: true } as const;
    await tx.membership.update({
      where: { userId_accountId: { userId: input.userId, accountId: input.accountId } },
      data: { role },
    });
    await writeAudit(tx, input.actor, {
      action: "team.role_change",
      accountId: input.accountId,
      target: input.userId,
      details: { email: member.email, from: member.role, to: role },
    });
    return { ok: true } as const;
  });
}

/** Removes a member from the account (never the owner). Keys they made stay the account's. */
export async function removeMember(input: {
  accountId: string;
  userId: string;
  actor: Actor;
}): Promise<MemberChange> {
  return db().$transaction(async (tx) => {
    const member = await lockMember(tx, input.accountId, input.userId);
    if (!member) return NOT_FOUND;
    if (member.role === "owner")
      return { ok: false, error: "The owner cannot be removed. Transfer ownership first." };
    await tx.membership.delete({
      where: { userId_accountId: { userId: input.userId, accountId: input.accountId } },
    });
    await writeAudit(tx, input.actor, {
      action: "team.remove",
      accountId: input.accountId,
      target: input.userId,
      details: { email: member.email, role: member.role },
    });
    return { ok: true } as const;
  });
}

/**
 * Makes another member the owner; the old owner becomes an admin. Both rows are locked and the
 * caller's ownership is read under the lock, so two transfers at once leave exactly one owner.
 */
export async function transferOwnership(input: {
  accountId: string;
  fromUserId: string;
  toUserId: string;
  actor: Actor;
}): Promise<MemberChange> {
  if (input.fromUserId === input.toUserId)
    return { ok: false, error: "Choose another member to become the owner." };
  return db().$transaction(async (tx) => {
    // One lock order (by user id) for both rows, so two transfers cannot deadlock.
    const [first, second] = [input.fromUserId, input.toUserId].sort();
    const locked = new Map([
      [first, await lockMember(tx, input.accountId, first!)],
      [second, await lockMember(tx, input.accountId, second!)],
    ]);
    const from = locked.get(input.fromUserId);
    const to = locked.get(input.toUserId);
    if (from?.role !== "owner")
      return { ok: false, error: "Only the owner can transfer ownership." };
    if (!to) return NOT_FOUND;
    await tx.membership.update({
      where: { userId_accountId: { userId: input.fromUserId, accountId: input.accountId } },
      data: { role: "admin" },
    });
    await tx.membership.update({
      where: { userId_accountId: { userId: input.toUserId, accountId: input.accountId } },
      data: { role: "owner" },
    });
    await writeAudit(tx, input.actor, {
      action: "team.transfer",
      accountId: input.accountId,
      target: input.toUserId,
      details: { from: from.email, to: to.email, previousRole: to.role },
    });
    return { ok: true } as const;
  });
}
