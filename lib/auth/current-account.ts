import { cookies } from "next/headers";
import { secureCookies } from "./session-config";

/** The account switcher's cookie: an account id, trusted only when the user is its member. */
export const CURRENT_ACCOUNT_COOKIE = "darwaza-account";

/** The membership the cookie asks for when the user holds it, else their first (oldest). */
export function pickMembership<M extends { accountId: string }>(
  memberships: readonly M[],
  wanted: string | undefined,
): M | undefined {
  return memberships.find((m) => m.accountId === wanted) ?? memberships[0];
}

/** Makes `accountId` the one acted for from the next request on (checked again on each). */
export async function setCurrentAccount(accountId: string): Promise<void> {
  (await cookies()).set(CURRENT_ACCOUNT_COOKIE, accountId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    maxAge: 365 * 24 * 60 * 60,
  });
}
