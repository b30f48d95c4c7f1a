import { createHash, timingSafeEqual } from "node:crypto";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isSameOrigin } from "@/lib/auth/origin";
import { env } from "@/lib/config/env";
import { GatewayError } from "@/lib/gateway/errors";
import type { Actor } from "./audit";

function sameSecret(given: string, expected: string): boolean {
  // Hash first so both sides have one length: timingSafeEqual then leaks nothing, not even length.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

async function sessionUser() {
  try {
    return await getCurrentUser();
  } catch {
    // Outside a Next request (no cookies to read) there is no session.
    return null;
  }
}

/**
 * Who may use the admin key API: `Authorization: Bearer $DARWAZA_ADMIN_TOKEN` (automation,
 * compared in constant time) or a signed-in admin. 401 without valid credentials, 403 for a
 * signed-in customer.
 */
export async function requireAdminApi(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
  if (bearer) {
    const token = env().DARWAZA_ADMIN_TOKEN;
    if (token && sameSecret(bearer, token)) return { type: "admin_token" };
    throw new GatewayError(401, "Invalid admin token.", {
      type: "invalid_request_error",
      code: "invalid_admin_token",
    });
  }
  // The session path rides on a cookie: refuse cross-site requests (CSRF).
  if (request.method !== "GET" && !isSameOrigin(request)) {
    throw new GatewayError(403, "Cross-site request refused.", { code: "cross_site_request" });
  }
  const user = await sessionUser();
  if (!user) {
    throw new GatewayError(
      401,
      "Sign in as an admin or send `Authorization: Bearer <admin token>`.",
      {
        type: "invalid_request_error",
        code: "unauthenticated",
      },
    );
  }
  if (user.role !== "admin") throw new GatewayError(403, "Admins only.", { code: "forbidden" });
  return { type: "user", id: user.id, email: user.email };
}
