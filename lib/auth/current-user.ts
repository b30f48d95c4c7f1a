import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "@/lib/services";
import { authOptions } from "./options";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: "customer" | "admin";
  /** The account this user acts for: every portal query is scoped to it. */
  accountId: string;
  /** They proved they receive mail at `email`. */
  emailVerified: boolean;
}

/**
 * The signed-in user, or null. Role and account are read from the database on each request (not
 * trusted from the cookie), so a promotion, demotion or deleted user takes effect at once; so is
 * the session version, so a cookie from before a sign-out or password change opens nothing.
 * Cached per request: layouts and pages can all call it.
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
      memberships: { orderBy: { createdAt: "asc" }, take: 1, select: { accountId: true } },
    },
  });
  const accountId = user?.memberships[0]?.accountId;
  if (!user || !accountId) return null;
  if (user.sessionVersion !== (session.user?.sv ?? 0)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    accountId,
    emailVerified: user.emailVerifiedAt !== null,
  };
});

/** For pages: the user, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo = "/dashboard"): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
