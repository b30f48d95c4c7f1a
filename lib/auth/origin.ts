import { env } from "@/lib/config/env";

/**
 * CSRF defence for route handlers that act on the session cookie: a browser request from another
 * site says so in Sec-Fetch-Site or Origin. Requests without either (curl, same-origin GETs) carry
 * no ambient risk beyond what SameSite=Lax already blocks.
 */
export function isSameOrigin(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return false;
  const origin = request.headers.get("origin");
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const allowed = [request.headers.get("x-forwarded-host"), request.headers.get("host")];
  const publicUrl = env().DARWAZA_PUBLIC_URL;
  if (publicUrl) allowed.push(new URL(publicUrl).host);
  return allowed.includes(originHost);
}

/** Where a sign-in may send the user back to: a local path only, never another site. */
export function safeReturnPath(value: string | null | undefined, fallback = "/dashboard"): string {
  if (!value) return fallback;
  let path = value;
  // The callbackUrl may be absolute (next-auth's own redirects): keep only its path if local.
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      path = `${url.pathname}${url.search}`;
    } catch {
      return fallback;
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
