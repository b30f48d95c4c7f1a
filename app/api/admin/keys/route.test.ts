import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GatewayTestEnv, setUpGatewayEnv } from "@/lib/gateway/test-support/database";
import { nodeMount } from "@/lib/gateway/test-support/mounts";
import { db } from "@/lib/services";
import { stopGateway } from "@/lib/services/gateway";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

/** The session user the admin API sees (next-auth is not running in these tests). */
const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    role: "customer" | "admin";
    accountId: string;
  },
}));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));

const TOKEN = "test-admin-token-0123456789abcdefghij";
let testEnv: GatewayTestEnv;
let mount: Awaited<ReturnType<typeof nodeMount>>;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv({ DARWAZA_ADMIN_TOKEN: TOKEN });
  mount = await nodeMount();
});

afterAll(async () => {
  await mount.close();
  await stopGateway();
  await testEnv.teardown();
});

function request(
  method: string,
  body?: unknown,
  token: string | null = TOKEN,
  path = "/api/admin/keys",
): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function chat(key: string): Promise<Response> {
  return mount.fetch("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-chat", messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("the admin key API", () => {
  it("refuses anyone but an admin: 401 without or with a wrong token, 403 for a customer session", async () => {
    expect(
      (await POST(request("POST", { email: "a@example.test", label: "x" }, null))).status,
    ).toBe(401);
    const wrong = await POST(
      request("POST", { email: "a@example.test", label: "x" }, "not-the-token-at-all"),
    );
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_admin_token");
    expect((await GET(request("GET", undefined, null))).status).toBe(401);
    session.user = {
      id: "u1",
      email: "c@example.test",
      name: null,
      role: "customer",
      accountId: "a1",
    };
    expect((await GET(request("GET", undefined, null))).status).toBe(403);
    session.user = null;
  });

  it("answers 429 with Retry-After after 10 wrong tokens from one address; the right token works from another", async () => {
    const from = (ip: string, token: string) => {
      const made = request("POST", { email: "t@example.test", label: "x" }, token);
      made.headers.set("x-forwarded-for", ip);
      return POST(made);
    };
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await from("198.18.7.7", `wrong-${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    const refused = await from("198.18.7.7", TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("too_many_attempts");
    expect((await from("198.51.100.7", TOKEN)).status).toBe(201);
  });

  it("refuses a cross-site request riding on an admin's session cookie", async () => {
    session.user = {
      id: "u1",
      email: "admin@example.test",
      name: null,
      role: "admin",
      accountId: "a1",
    };
    const forged = new Request("http://localhost/api/admin/keys", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ email: "victim@example.test", label: "stolen" }),
    });
    const response = await POST(forged);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("cross_site_request");
    expect(await db().user.count({ where: { email: "victim@example.test" } })).toBe(0);
    session.user = null;
  });

  it("creates the user, account and key (201, the key once), and the key works at once", async () => {
    const response = await POST(
      request("POST", { email: "New.Customer@Example.test", label: "ci", plan: "starter" }),
    );
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({ label: "ci", plan: "starter" });
    expect(created.key).toMatch(/^sk-/);
    expect(created.id).toBeTruthy();
    const user = await db().user.findUniqueOrThrow({
      where: { email: "new.customer@example.test" },
      include: { memberships: true },
    });
    expect(user.memberships[0].accountId).toBe(created.account_id);
    const ok = await chat(created.key);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit-requests")).toBe("60");

    // A second key for the same email lands on the same account.
    const again = await (
      await POST(request("POST", { email: "new.customer@example.test", label: "second" }))
    ).json();
    expect(again.account_id).toBe(created.account_id);
    expect(again.plan).toBe("starter");

    const audits = await db().auditLog.findMany({
      where: { accountId: created.account_id },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => [a.action, a.actorType])).toEqual([
      ["account.create", "admin_token"],
      ["api_key.create", "admin_token"],
      ["api_key.create", "admin_token"],
    ]);
  });

  it("70 parallel creates for one new email: one account, 50 keys (201), the rest 409, no 500", async () => {
    const responses = await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        POST(request("POST", { email: "burst@example.test", label: `k${i}` })),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(50);
    expect(statuses.filter((status) => status === 409)).toHaveLength(20);
    const conflict = responses.find((response) => response.status === 409) as Response;
    expect((await conflict.json()).error.code).toBe("too_many_keys");
    const user = await db().user.findUniqueOrThrow({
      where: { email: "burst@example.test" },
      include: { memberships: true },
    });
    expect(user.memberships).toHaveLength(1);
    const accountId = user.memberships[0].accountId;
    expect(await db().apiKey.count({ where: { accountId, revokedAt: null } })).toBe(50);
    expect(await db().account.count({ where: { name: "burst's account" } })).toBe(1);
  });

  it("422 naming the bad field; 400 for a body that is not JSON", async () => {
    const response = await POST(request("POST", { email: "not-an-email", label: "x" }));
    expect(response.status).toBe(422);
    expect((await response.json()).error.param).toBe("email");
    const plan = await POST(
      request("POST", { email: "p@example.test", label: "x", plan: "platinum" }),
    );
    expect((await plan.json()).error.param).toBe("plan");
    const broken = await POST(
      new Request("http://localhost/api/admin/keys", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
        body: "{",
      }),
    );
    expect(broken.status).toBe(400);
  });

  it("lists keys without their secrets, and DELETE revokes so the next call gets 403", async () => {
    const created = await (
      await POST(request("POST", { email: "list@example.test", label: "to revoke" }))
    ).json();
    expect((await chat(created.key)).status).toBe(200);

    const listing = await (
      await GET(
        request("GET", undefined, TOKEN, `/api/admin/keys?account_id=${created.account_id}`),
      )
    ).json();
    expect(listing.data).toHaveLength(1);
    const text = JSON.stringify(listing);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain("hash");
    expect(listing.data[0]).toMatchObject({
      id: created.id,
      display: `sk-…${created.key.slice(-4)}`,
      revoked_at: null,
    });

    session.user = {
      id: "admin-user",
      email: "boss@example.test",
      name: null,
      role: "admin",
      accountId: "x",
    };
    const deleted = await DELETE(
      request("DELETE", undefined, null, `/api/admin/keys/${created.id}`),
      {
        params: Promise.resolve({ id: created.id }),
      },
    );
    session.user = null;
    expect(deleted.status).toBe(200);
    expect((await deleted.json()).revoked).toBe(true);
    const refused = await chat(created.key);
    expect(refused.status).toBe(403);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: "api_key.revoke", target: created.id },
    });
    expect(audit).toMatchObject({ actorType: "user", actorEmail: "boss@example.test" });

    const missing = await DELETE(request("DELETE"), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
  });
});
