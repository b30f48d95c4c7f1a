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

// A fixed origin to resolve return paths against: whatever leaves it is another site.
const LOCAL = "http://return-path.invalid";

/**
 * Where a sign-in may send the user back to: a path on this site, never another one. The value is
 * parsed as a URL the way a browser would (tabs and newlines stripped, backslashes read as
 * slashes), so anything a browser would take off-site is refused rather than guessed at.
 */
export function safeReturnPath(value: string | null | undefined, fallback = "/dashboard"): string {
  if (!value) return fallback;
  // Browsers drop these or read them as "/": they are how "/\t/evil" becomes "//evil".
  if (hasUnsafeCharacter(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, LOCAL);
  } catch {
    return fallback;
  }
  // An absolute http(s) URL (next-auth's own callbackUrl) keeps only its path.
  const absolute = /^https?:\/\//i.test(value);
  if (!absolute && url.origin !== LOCAL) return fallback;
  if (absolute && url.protocol !== "http:" && url.protocol !== "https:") return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isLocalPath(path) ? path : fallback;
}

/** Control characters (C0 and DEL) or a backslash. */
export function hasUnsafeCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

function isLocalPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//")) return false;
  return new URL(path, LOCAL).origin === LOCAL;
}

/**
 * next-auth's redirect callback: same-origin only. A relative or same-origin URL comes back as
 * that path on `baseUrl`; anything else (another host, a control character) as the dashboard.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    return "/dashboard";
  }
  let value = url;
  if (/^https?:\/\//i.test(url)) {
    try {
      if (new URL(url).origin !== base.origin) return `${base.origin}/dashboard`;
    } catch {
      return `${base.origin}/dashboard`;
    }
  } else if (!url.startsWith("/")) {
    value = "";
  }
  return `${base.origin}${safeReturnPath(value)}`;
}
