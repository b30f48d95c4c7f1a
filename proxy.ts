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
  const callbackUrl = encodeURIComponent(`${request.nextUrl.pathname}${request.nextUrl.search}`);
  // A relative Location: request.url carries the server's own hostname (localhost), not the one
  // the visitor used, so an absolute redirect would break access by IP or another name.
  return new NextResponse(null, {
    status: 307,
    headers: { Location: `/signin?callbackUrl=${callbackUrl}` },
  });
}

export const config = { matcher: ["/dashboard", "/dashboard/:path*"] };
