import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret, sessionCookieName } from "@/lib/auth/session-config";
import { isCurrentSession, tokenVersion } from "@/lib/auth/session-version";

/**
 * Sends signed-out visitors of /dashboard/** to sign-in, remembering where they were going. This
 * is the friendly redirect only: every page and action checks the session again itself.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({
    req: request,
    secret: authSecret(),
    cookieName: sessionCookieName(),
  });
  // A cookie from before a sign-out or password change is no session (its version is stale).
  if (token?.sub && (await isCurrentSession(token.sub, tokenVersion(token)))) {
    return NextResponse.next();
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // request.url carries the server's own hostname, not the visitor's; Next turns a same-host
  // redirect into a relative Location, so access by IP or another name still works.
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/dashboard", "/dashboard/:path*"] };
