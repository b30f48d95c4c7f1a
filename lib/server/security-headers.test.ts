import type http from "node:http";
import { describe, expect, it } from "vitest";
import { isHttps, securityHeaders } from "./security-headers";

function request(headers: http.IncomingHttpHeaders = {}): http.IncomingMessage {
  return { headers, socket: {} } as http.IncomingMessage;
}

const names = (list: [string, string][]) => Object.fromEntries(list);

describe("security headers", () => {
  it("pages get a CSP that forbids framing, plugins and foreign scripts", () => {
    const csp = names(securityHeaders(request(), false, undefined))["Content-Security-Policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("API answers may not run, load or be framed", () => {
    const headers = names(securityHeaders(request(), true, undefined));
    expect(headers["Content-Security-Policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("HSTS only over HTTPS: a proxy's X-Forwarded-Proto decides, else the public URL", () => {
    const hsts = (req: http.IncomingMessage, url?: string) =>
      names(securityHeaders(req, false, url))["Strict-Transport-Security"];
    expect(hsts(request({ "x-forwarded-proto": "https" }))).toMatch(/^max-age=63072000/);
    expect(hsts(request({ "x-forwarded-proto": "https, http" }))).toBeDefined();
    expect(
      hsts(request({ "x-forwarded-proto": "http" }), "https://darwaza.example"),
    ).toBeUndefined();
    expect(hsts(request(), "https://darwaza.example")).toBeDefined();
    expect(hsts(request(), "http://localhost:3000")).toBeUndefined();
    expect(isHttps(request(), undefined)).toBe(false);
  });
});
