import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "@/lib/services";
import { CURRENT_ACCOUNT_COOKIE, pickMembership } from "./current-account";
import { authOptions } from "./options";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: "customer" | "admin";
  /** The account this user acts for: every portal query is scoped to it. */
  accountId: string;
  /** Their role in that account (lib/teams/roles.ts says what it may see and do). */
  teamRole: string;
  /** Every account they belong to, oldest membership first, for the account switcher. */
  accounts: { id: string; name: string; role: string }[];
  /** They proved they receive mail at `email`. */
  emailVerified: boolean;
}

/**
 * The signed-in user, or null. Role and account are read from the database on each request (not
 * trusted from the cookie), so a promotion, demotion or deleted user takes effect at once; so is
 * the session version, so a cookie from before a sign-out or password change opens nothing.
 * The account acted for is the one the switcher's cookie names if they are (still) a member of
 * it, else their first. Cached per request: layouts and pages can all call it.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db().user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      sessionVersion: true,
      emailVerifiedAt: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { accountId: true, role: true, account: { select: { name: true } } },
      },
    },
  });
  if (!user) return null;
  const wanted = (await cookies()).get(CURRENT_ACCOUNT_COOKIE)?.value;
  const membership = pickMembership(user.memberships, wanted);
  if (!membership) return null;
  if (user.sessionVersion !== (session.user?.sv ?? 0)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    accountId: membership.accountId,
    teamRole: membership.role,
    accounts: user.memberships.map((m) => ({
      id: m.accountId,
      name: m.account.name,
      role: m.role,
    })),
    emailVerified: user.emailVerifiedAt !== null,
  };
});

/** For pages: the user, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo = "/dashboard"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
