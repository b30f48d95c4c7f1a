import { createHash, timingSafeEqual } from "node:crypto";
import { type Actor, userActor } from "@/lib/audit/record";
import { getCurrentUser } from "@/lib/auth/current-user";
import { clientKey } from "@/lib/auth/ip-prefix";
import { isSameOrigin } from "@/lib/auth/origin";
import { clientIp } from "@/lib/auth/throttle";
import { env } from "@/lib/config/env";
import { type AppError, forbidden, tooManyRequests, unauthorized } from "@/lib/http/errors";
import { services } from "@/lib/services";

/** Wrong admin tokens one client (IPv4 address or IPv6 /64) may send per window. */
export const ADMIN_TOKEN_THROTTLE = { failures: 10, windowMs: 15 * 60_000 } as const;

function throttled(waitMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return tooManyRequests(
    "too_many_attempts",
    `Too many wrong admin tokens from this address. Retry after ${seconds} seconds.`,
    seconds,
  );
}

/**
 * The bearer path. Every wrong token is counted, atomically, before it is answered, and once the
 * client is over the limit every token — the right one too — gets 429: so at most `failures`
 * guesses per window get an answer. The right token only looks, so automation never uses it up.
 */
async function checkAdminToken(request: Request, bearer: string): Promise<Actor> {
  const limit = {
    key: `darwaza:throttle:admin-token:${clientKey(clientIp(request.headers))}`,
    max: ADMIN_TOKEN_THROTTLE.failures,
    windowMs: ADMIN_TOKEN_THROTTLE.windowMs,
  };
  const token = env().DARWAZA_ADMIN_TOKEN;
  if (token && sameSecret(bearer, token)) {
    const waitMs = await services().counters().peek([limit]);
    if (waitMs > 0) throw throttled(waitMs);
    return { type: "admin_token" };
  }
  const waitMs = await services().counters().take([limit]);
  if (waitMs > 0) throw throttled(waitMs);
  throw unauthorized("invalid_admin_token", "Invalid admin token.");
}

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
 * compared in constant time, wrong ones throttled per client) or a signed-in admin. 401 without
 * valid credentials, 429 after too many wrong tokens, 403 for a signed-in customer.
 */
export async function requireAdminApi(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1] : undefined;
  if (bearer) return checkAdminToken(request, bearer);
  // The session path rides on a cookie: refuse cross-site requests (CSRF).
  if (request.method !== "GET" && !isSameOrigin(request)) {
    throw forbidden("cross_site_request", "Cross-site request refused.");
  }
  const user = await sessionUser();
  if (!user) {
    throw unauthorized(
      "unauthenticated",
      "Sign in as an admin or send `Authorization: Bearer <admin token>`.",
    );
  }
  if (user.role !== "admin") throw forbidden("forbidden", "Admins only.");
  return userActor(user);
}
