import { describe, expect, it } from "vitest";
import { isSameOrigin, safeReturnPath } from "./origin";

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
});
