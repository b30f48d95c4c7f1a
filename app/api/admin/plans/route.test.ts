import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GatewayTestEnv, setUpGatewayEnv } from "@/lib/gateway/test-support/database";
import { db } from "@/lib/services";
import { PUT } from "./[id]/route";
import { GET, POST } from "./route";

// The admin API authenticates by bearer token here; no session.
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => null }));

const TOKEN = "test-admin-token-0123456789abcdefghij";
let testEnv: GatewayTestEnv;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv({ DARWAZA_ADMIN_TOKEN: TOKEN });
});

afterAll(async () => {
  await testEnv.teardown();
});

function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  return new Request(`http://localhost${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const starter = {
  id: "starter-8000",
  name: "Starter",
  rank: 1,
  selfServe: true,
  pricePkr: 8000,
  limitRpm: null,
  limitRpd: 5000,
  limitTpd: 1_000_000,
  limitMaxTokens: 2048,
  features: ["5,000 calls a day"],
  support: "Email support",
  models: null,
  overageAllowed: true,
};

describe("the admin plans API", () => {
  it("creates a plan, lists it, and saves an edit as a new version", async () => {
    const created = await POST(call("POST", "/api/admin/plans", starter));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: "starter-8000",
      version: 1,
      monthly_price_paisa: 800_000,
      limits: { requestsPerDay: 5000, requestsPerMinute: null },
      overage_allowed: true,
      stripe_lookup_key: "darwaza_starter_8000_v1_monthly_pkr",
    });
    expect((await POST(call("POST", "/api/admin/plans", starter))).status).toBe(409);
    const edited = await PUT(
      call("PUT", "/api/admin/plans/starter-8000", { ...starter, pricePkr: 9000 }),
      {
        params: Promise.resolve({ id: "starter-8000" }),
      },
    );
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ version: 2, monthly_price_paisa: 900_000 });
    const list = await (await GET(call("GET", "/api/admin/plans"))).json();
    expect(list.data.map((plan: { id: string }) => plan.id)).toEqual([
      "free",
      "starter",
      "starter-8000",
      "pro",
      "enterprise",
    ]);
  });

  it("answers 422 with the field for bad input, 404 for no such plan, 401 without a token", async () => {
    const bad = await POST(
      call("POST", "/api/admin/plans", { ...starter, id: "x y", pricePkr: -1 }),
    );
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error" });
    const free = await POST(
      call("POST", "/api/admin/plans", { ...starter, id: "free-online", pricePkr: 0 }),
    );
    expect(free.status).toBe(422);
    expect((await free.json()).error.param).toBe("pricePkr");
    const missing = await PUT(call("PUT", "/api/admin/plans/nope", starter), {
      params: Promise.resolve({ id: "nope" }),
    });
    expect(missing.status).toBe(404);
    expect((await GET(call("GET", "/api/admin/plans", undefined, null))).status).toBe(401);
    expect(await db().plan.count({ where: { id: { in: ["x y", "free-online", "nope"] } } })).toBe(
      0,
    );
  });
});
