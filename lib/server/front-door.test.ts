import { describe, expect, it } from "vitest";
import { frontDoorRoute, normalisePath } from "./front-door";

describe("the front door's decision", () => {
  it("keeps an already-normal path as it is", () => {
    expect(frontDoorRoute("/api/v1/chat/completions?a=1")).toEqual({
      gateway: true,
      url: "/api/v1/chat/completions?a=1",
    });
    expect(frontDoorRoute("/dashboard")).toEqual({ gateway: false, url: "/dashboard" });
    expect(frontDoorRoute("/api/v10/x").gateway).toBe(false);
    expect(frontDoorRoute("/api/health").gateway).toBe(false);
  });

  it.each([
    ["//api/v1/chat/completions", "/api/v1/chat/completions"],
    ["/api//v1/chat/completions", "/api/v1/chat/completions"],
    ["/api/v1/./chat/completions", "/api/v1/chat/completions"],
    ["/api/x/../v1/chat/completions?q=1", "/api/v1/chat/completions?q=1"],
    ["/api/x/%2e%2E/v1/chat/completions", "/api/v1/chat/completions"],
    ["\\api\\v1\\chat\\completions", "/api/v1/chat/completions"],
    ["http://example.com/api/v1/models", "/api/v1/models"],
    ["/api/v1/chat%2Fcompletions", "/api/v1/chat%2Fcompletions"],
    ["/api%2Fv1/chat/completions", "/api%2Fv1/chat/completions"],
    ["/API/v1/models", "/API/v1/models"],
    ["/api/x%2F..%2Fv1/models", "/api/x%2F..%2Fv1/models"],
  ])("sends %s to the gateway as %s", (url, normal) => {
    expect(frontDoorRoute(url)).toEqual({ gateway: true, url: normal });
  });

  it("leaves pages to the web process", () => {
    for (const url of ["/.well-known/x", "/a//b", "/api/x/../health", "/docs/%20x", "/api/v1x"])
      expect(frontDoorRoute(url).gateway, url).toBe(false);
  });

  it("normalises as Next reads a path", () => {
    expect(normalisePath("/a/./b/../c//d\\e")).toBe("/a/c/d/e");
    expect(normalisePath("/../../x")).toBe("/x");
  });
});
