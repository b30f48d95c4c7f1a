import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret, sessionCookieName } from "@/lib/auth/session-config";

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
  if (token?.sub) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // request.url carries the server's own hostname, not the visitor's; Next turns a same-host
  // redirect into a relative Location, so access by IP or another name still works.
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/dashboard", "/dashboard/:path*"] };
