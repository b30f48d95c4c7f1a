import type http from "node:http";

/**
 * Security headers for every response `npm start` sends, set before the gateway or Next writes
 * its own (theirs win on a clash). next.config.ts adds nosniff, Referrer-Policy, X-Frame-Options
 * and Permissions-Policy for pages; this adds what needs the request or covers /api/v1, which
 * never passes through Next.
 *
 * Pages: Next's App Router inlines its bootstrap scripts and styles, so without per-request
 * nonces (which would make every page dynamic) script-src and style-src need 'unsafe-inline';
 * everything else is locked to this origin, nothing may frame the portal, and plugins are off.
 * form-action is left open: sign-in with GitHub/Google and Stripe Checkout are form posts that
 * redirect off-site, which Chrome would block under form-action 'self'.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

/** API answers are JSON, SSE or audio: nothing in them may run, load or be framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Two years, the HSTS preload list's minimum; sent only over HTTPS, where browsers honour it. */
const HSTS = "max-age=63072000; includeSubDomains";

/** The request reached us over HTTPS: directly, or through a proxy that says so. */
export function isHttps(req: http.IncomingMessage, publicUrl: string | undefined): boolean {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)
    ?.split(",")[0]
    ?.trim()
    .toLowerCase();
  if (proto) return proto === "https";
  if ("encrypted" in req.socket && req.socket.encrypted) return true;
  return publicUrl?.startsWith("https://") ?? false;
}

export function securityHeaders(
  req: http.IncomingMessage | null,
  api: boolean,
  publicUrl: string | undefined,
): [string, string][] {
  const headers: [string, string][] = api
    ? [
        ["Content-Security-Policy", API_CSP],
        ["X-Content-Type-Options", "nosniff"],
        ["Referrer-Policy", "no-referrer"],
      ]
    : [["Content-Security-Policy", PAGE_CSP]];
  if (req && isHttps(req, publicUrl)) headers.push(["Strict-Transport-Security", HSTS]);
  return headers;
}

const lowerCased = (pairs: [string, string][]) =>
  Object.freeze(Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value])));
const API_HEADERS = {
  http: lowerCased(securityHeaders(null, true, undefined)),
  https: lowerCased([
    ...securityHeaders(null, true, undefined),
    ["Strict-Transport-Security", HSTS],
  ]),
};

/** The /api/v1 security headers as one of two frozen objects, merged into the gateway's writeHead. */
export function apiSecurityHeaders(
  req: http.IncomingMessage,
  publicUrl: string | undefined,
): Readonly<Record<string, string>> {
  return isHttps(req, publicUrl) ? API_HEADERS.https : API_HEADERS.http;
}

export function applySecurityHeaders(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  api: boolean,
  publicUrl: string | undefined,
): void {
  for (const [name, value] of securityHeaders(req, api, publicUrl)) res.setHeader(name, value);
}
