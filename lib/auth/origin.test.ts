import { describe, expect, it } from "vitest";
import { hasUnsafeCharacter, isSameOrigin, safeReturnPath, sameOriginRedirect } from "./origin";

const request = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/x", { headers });

describe("CSRF origin check and return paths", () => {
  it("refuses cross-site requests and accepts same-origin or header-less ones", () => {
    expect(isSameOrigin(request({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(
      true,
    );
    expect(isSameOrigin(request({ host: "localhost:3000" }))).toBe(true);
    expect(isSameOrigin(request({ host: "localhost:3000", origin: "https://evil.example" }))).toBe(
      false,
    );
    expect(isSameOrigin(request({ host: "localhost:3000", "sec-fetch-site": "cross-site" }))).toBe(
      false,
    );
    expect(isSameOrigin(request({ host: "localhost:3000", origin: "null" }))).toBe(false);
  });
  it("only ever returns to a local path", () => {
    expect(safeReturnPath("/dashboard/usage?split=key")).toBe("/dashboard/usage?split=key");
    expect(safeReturnPath("//evil.example/x")).toBe("/dashboard");
    expect(safeReturnPath("/\\evil.example")).toBe("/dashboard");
    expect(safeReturnPath("https://evil.example/keys")).toBe("/keys");
    expect(safeReturnPath("javascript:alert(1)")).toBe("/dashboard");
    expect(safeReturnPath(undefined)).toBe("/dashboard");
  });

  // Each is decoded once (as a query parameter is) before it reaches the function.
  const nasty = [
    "/%09/evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "/%2F%2Fevil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "https://evil.example",
    "http://localhost.evil",
    "//localhost.evil/x",
    "data:text/html,hi",
    " //evil.example",
    "\t//evil.example",
  ];
  it.each(nasty)("keeps %j on our origin", (raw) => {
    for (const value of [raw, decodeURIComponent(raw.replace(/%(?![0-9a-f]{2})/gi, "%25"))]) {
      const path = safeReturnPath(value);
      expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
      expect(hasUnsafeCharacter(path)).toBe(false);
      // A browser resolving the result against our page stays on our page's origin.
      expect(new URL(path, "http://localhost:3000/signin").origin).toBe("http://localhost:3000");
      const redirect = sameOriginRedirect(value, "http://localhost:3000");
      expect(new URL(redirect).origin).toBe("http://localhost:3000");
      expect(hasUnsafeCharacter(redirect)).toBe(false);
    }
  });
  it("next-auth redirects keep same-origin targets and drop the rest", () => {
    expect(sameOriginRedirect("/dashboard/keys", "http://localhost:3000")).toBe(
      "http://localhost:3000/dashboard/keys",
    );
    expect(
      sameOriginRedirect("http://localhost:3000/dashboard/usage?x=1", "http://localhost:3000"),
    ).toBe("http://localhost:3000/dashboard/usage?x=1");
    expect(sameOriginRedirect("https://evil.example/dashboard", "http://localhost:3000")).toBe(
      "http://localhost:3000/dashboard",
    );
  });
});
