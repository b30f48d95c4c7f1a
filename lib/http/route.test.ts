import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/current-user";
import { Prisma } from "@/lib/generated/prisma/client";

// The session is the one thing faked here (next-auth is not running).
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));

const { route } = await import("./route");
const { AppError, tooManyRequests } = await import("./errors");

const customer: CurrentUser = {
  id: "u1",
  email: "c@example.test",
  name: null,
  role: "customer",
  accountId: "a1",
  teamRole: "owner",
  accounts: [],
  emailVerified: true,
};

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/thing?n=2", { method: "POST", headers, body });
}

afterEach(() => {
  session.user = null;
  vi.restoreAllMocks();
});

describe("route", () => {
  const echo = route(
    {
      auth: "none",
      body: z.object({ name: z.string().min(1), tags: z.array(z.string()) }),
      query: z.object({ n: z.coerce.number() }),
    },
    async ({ body, query }) => Response.json({ body, query }),
  );

  it("hands the handler its parsed body and query", async () => {
    const response = await echo(post('{"name":"a","tags":[],"extra":1}'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: { name: "a", tags: [] }, query: { n: 2 } });
  });

  it("answers input the schema refuses with 422 and every issue, a body that is not JSON with 400", async () => {
    const refused = await echo(post('{"name":"","tags":[1]}'));
    expect(refused.status).toBe(422);
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect((await refused.json()).error).toEqual({
      type: "invalid_request_error",
      code: "invalid_input",
      param: "name",
      message: expect.stringContaining("Invalid value for 'name'"),
      issues: [
        { path: "name", message: expect.any(String) },
        { path: "tags.0", message: expect.any(String) },
      ],
    });
    const broken = await echo(post("{"));
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe("invalid_json");
  });

  it("answers an AppError with its status, code and headers; a missing record with 404", async () => {
    const limited = await route({ auth: "none" }, async () => {
      throw tooManyRequests("slow_down", "Wait.", 7);
    })(post(""));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await limited.json()).error).toMatchObject({ code: "slow_down", message: "Wait." });
    const missing = await route({ auth: "none" }, async () => {
      throw new Prisma.PrismaClientKnownRequestError("No record", {
        code: "P2025",
        clientVersion: Prisma.prismaVersion.client,
      });
    })(post(""));
    expect(missing.status).toBe(404);
    expect(new AppError(409, "c", "m").status).toBe(409);
  });

  it("answers anything else with a 500 that tells nothing, and logs it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await route({ auth: "none" }, async () => {
      throw new Error("connect ECONNREFUSED postgres://user:hunter2@db");
    })(post(""));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text).error.code).toBe("internal_error");
    expect(logged).toHaveBeenCalledWith("[web] POST /api/thing failed:", expect.any(Error));
  });

  it("session auth: 403 for another site's request, 401 signed out, else the user", async () => {
    const whoami = route({ auth: "session" }, async ({ user }) => Response.json({ id: user.id }));
    session.user = customer;
    const crossSite = await whoami(
      new Request("http://localhost/x", { headers: { "sec-fetch-site": "cross-site" } }),
    );
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("cross_site_request");
    expect(await (await whoami(new Request("http://localhost/x"))).json()).toEqual({ id: "u1" });
    session.user = null;
    expect((await whoami(new Request("http://localhost/x"))).status).toBe(401);
  });

  it("session auth with a permission: 403 with a JSON body for a role without it", async () => {
    const usage = route({ auth: "session", permission: "usage:view" }, async () =>
      Response.json({ ok: true }),
    );
    session.user = { ...customer, teamRole: "billing" };
    const refused = await usage(new Request("http://localhost/x"));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("role_forbidden");
    session.user = { ...customer, teamRole: "developer" };
    expect((await usage(new Request("http://localhost/x"))).status).toBe(200);
  });

  it("parses the route's params", async () => {
    const byId = route(
      { auth: "none", params: z.object({ id: z.string().regex(/^k_/) }) },
      async ({ params }) => Response.json(params),
    );
    const request = new Request("http://localhost/x/k_1");
    expect(await (await byId(request, { params: Promise.resolve({ id: "k_1" }) })).json()).toEqual({
      id: "k_1",
    });
    expect((await byId(request, { params: Promise.resolve({ id: "x" }) })).status).toBe(422);
  });
});
