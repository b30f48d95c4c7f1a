import { db } from "@/lib/services";

/** Whether the user is an owner of the account (Membership.role 'owner'): only owners may delete it. */
export async function isAccountOwner(userId: string, accountId: string): Promise<boolean> {
  const membership = await db().membership.findUnique({
    where: { userId_accountId: { userId, accountId } },
    select: { role: true },
  });
  return membership?.role === "owner";
}

/** Whether the user signs in with a password (OAuth-only users confirm by typing their email). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { passwordHash: true },
  });
  return Boolean(user?.passwordHash);
}
