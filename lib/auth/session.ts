import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import {
  authSecret,
  SESSION_MAX_AGE_SECONDS,
  secureCookies,
  sessionCookieName,
} from "./session-config";

/**
 * Signs a user in from a server action (next-auth v4 has no server-side signIn): the same JWT and
 * cookie next-auth would issue after a credentials sign-in, so everything downstream is unchanged.
 */
export async function startSession(user: {
  id: string;
  email: string;
  name: string | null;
  sessionVersion: number;
}) {
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, sv: user.sessionVersion },
    secret: authSecret(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  (await cookies()).set(sessionCookieName(), value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secureCookies(),
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
