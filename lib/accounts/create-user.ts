import { Prisma, type Role } from "@/lib/generated/prisma/client";
import type { PlanId } from "@/lib/plans/plans";
import { db } from "@/lib/services";

export interface NewUser {
  email: string;
  name?: string | null;
  passwordHash?: string | null;
  role?: Role;
  plan?: PlanId;
  /** Set when the address is already proven (an OAuth provider's verified email, the operator's). */
  emailVerifiedAt?: Date | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function accountName(user: NewUser): string {
  return user.name?.trim() || `${normalizeEmail(user.email).split("@")[0]}'s account`;
}

/**
 * A login and the account it owns, created together: every user has an account from the start,
 * so keys, plans and usage always have an owner. Returns null when the email is taken — also
 * when another request (or instance) takes it at the same moment: the unique index decides, and
 * the loser's account is rolled back with its transaction.
 */
export async function createUserWithAccount(user: NewUser) {
  const email = normalizeEmail(user.email);
  return db()
    .$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email } });
      if (existing) return null;
      const account = await tx.account.create({
        data: { name: accountName(user), plan: user.plan ?? "free" },
      });
      const created = await tx.user.create({
        data: {
          email,
          name: user.name ?? null,
          passwordHash: user.passwordHash ?? null,
          role: user.role ?? "customer",
          emailVerifiedAt: user.emailVerifiedAt ?? null,
          memberships: { create: { accountId: account.id, role: "owner" } },
        },
      });
      return { user: created, account };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) return null;
      throw error;
    });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The account a user acts for (the first one they joined; teams can come later). */
export async function primaryAccountId(userId: string): Promise<string | null> {
  const membership = await db().membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { accountId: true },
  });
  return membership?.accountId ?? null;
}
