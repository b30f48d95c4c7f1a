import { forbidden, notFound } from "next/navigation";
import { type CurrentUser, requireUser } from "@/lib/auth/current-user";
import { can, type Permission } from "./roles";

/** A 403 page; where Next's auth interrupts are off, a 404, which still shows nothing. */
export function denyPage(): never {
  if (process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS) forbidden();
  notFound();
}

/**
 * Every portal page starts here: the signed-in member of the current account whose role grants
 * `permission`; signed-out visitors go to sign-in and come back to `returnTo`, others get a 403.
 */
export async function requirePermission(
  permission: Permission,
  returnTo: string,
): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (!can(user.teamRole, permission)) denyPage();
  return user;
}
