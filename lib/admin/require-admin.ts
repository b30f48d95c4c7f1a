import { forbidden, notFound, redirect } from "next/navigation";
import { type CurrentUser, getCurrentUser } from "@/lib/auth/current-user";

/**
 * A signed-in non-admin is refused with a 403 page. forbidden() needs
 * `experimental.authInterrupts` in next.config.ts; where that is off it would throw a 500, so
 * the console falls back to a 404, which still shows nothing.
 */
function deny(): never {
  if (process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS) forbidden();
  notFound();
}

/**
 * Every admin page and action starts here (the layout's check alone would not do: pages and
 * actions run without it). Signed-out visitors go to sign-in and come back to `returnTo`.
 */
export async function requireAdmin(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (user.role !== "admin") deny();
  return user;
}
