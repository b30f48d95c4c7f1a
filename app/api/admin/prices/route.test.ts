import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/current-user";
import { type GatewayTestEnv, setUpGatewayEnv } from "@/lib/gateway/test-support/database";
import { db } from "@/lib/services";
import { GET, POST } from "./route";

// The session is the one thing faked (next-auth is not running), and Next's page cache.
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { addPriceVersionAction } = await import("@/app/admin/prices/actions");

const TOKEN = "test-admin-token-0123456789abcdefghij";
let testEnv: GatewayTestEnv;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv({ DARWAZA_ADMIN_TOKEN: TOKEN });
});

afterAll(() => testEnv?.teardown());

function request(method: string, body?: unknown, query = ""): Request {
  return new Request(`http://localhost/api/admin/prices${query}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("the price book editor", () => {
  it("refuses bad input with a 422 naming the field, and changes nothing", async () => {
    for (const [body, param] of [
      [{ model: "", inputPer1M: "1" }, "model"],
      [{ model: "m", inputPer1M: "abc" }, "inputPer1M"],
      // Finer than a micro a token would round each call.
      [{ model: "m", outputPer1M: "0.5" }, "outputPer1M"],
      [{ model: "m", perImage: "huge: 2" }, "perImage"],
      [{ model: "m", perAudioSecond: "0.0001" }, "perAudioSecond"],
      [{ model: "m", effectiveFrom: "tomorrow" }, "effectiveFrom"],
      [{ model: "m", effectiveFrom: "2020-01-01T00:00:00Z" }, "effectiveFrom"],
    ] as const) {
      const response = await POST(request("POST", body));
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json()).error.param).toBe(param);
    }
    expect(await db().priceBookVersion.count({ where: { model: "m" } })).toBe(0);
  });

  it("adds a version, records who changed what (old → new), and lists it", async () => {
    const first = await POST(
      request("POST", { model: "api-model", inputPer1M: "40", outputPer1M: 120 }),
    );
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created).toMatchObject({
      model: "api-model",
      input_per_1m_micros: 40_000_000,
      output_per_1m_micros: 120_000_000,
      per_image_micros: { default: 0 },
      source: "admin",
    });

    const later = "2099-01-01T09:00:00+05:00";
    const second = await POST(
      request("POST", {
        model: "api-model",
        inputPer1M: "50",
        perImage: "default: 2, 1024x1024: 4.5",
        upstreamInputPer1M: "12.345678",
        effectiveFrom: later,
      }),
    );
    expect(second.status).toBe(201);

    const audit = await db().auditLog.findMany({
      where: { action: "price.version.add", target: "api-model" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorType: "admin_token" });
    expect(audit[0].details).toMatchObject({ old: null, new: { inputPer1M: 40_000_000 } });
    expect(audit[1].details).toMatchObject({
      effectiveFrom: "2099-01-01T04:00:00.000Z",
      old: { inputPer1M: 40_000_000, outputPer1M: 120_000_000 },
      new: {
        inputPer1M: 50_000_000,
        perImage: { default: 2_000_000, "1024x1024": 4_500_000 },
        upstream: { inputPer1M: 12_345_678 },
      },
    });

    const list = await (await GET(request("GET"))).json();
    const row = list.data.find((m: { model: string }) => m.model === "api-model");
    // In force now: the first version; the second waits for its time.
    expect(row.in_force.input_per_1m_micros).toBe(40_000_000);
    expect(row.upcoming.map((v: { effective_from: string }) => v.effective_from)).toEqual([
      "2099-01-01T04:00:00.000Z",
    ]);
    // The configured models are listed too, at their seeded or configured price.
    expect(list.data.some((m: { model: string }) => m.model === "demo-chat")).toBe(true);
    const history = await (await GET(request("GET", undefined, "?model=api-model"))).json();
    expect(history.data).toHaveLength(2);
  });

  it("the console's action: field errors for bad input, an audited version for good", async () => {
    session.user = {
      id: "admin-user",
      email: "boss@example.com",
      name: null,
      role: "admin",
      accountId: "acc",
      emailVerified: true,
    } as CurrentUser;
    const refused = await addPriceVersionAction(
      {},
      form({ model: "console-model", inputPer1M: "1.5", effectiveFrom: "" }),
    );
    expect(refused.fieldErrors?.inputPer1M).toMatch(/Whole rupees/);
    expect(await db().priceBookVersion.count({ where: { model: "console-model" } })).toBe(0);

    // A form's wall-clock time is read in the business time zone (Asia/Karachi, UTC+5).
    const saved = await addPriceVersionAction(
      {},
      form({
        model: "console-model",
        inputPer1M: "2",
        perAudioSecond: "0.001",
        effectiveFrom: "2099-06-01T10:00",
      }),
    );
    expect(saved.ok).toBe(true);
    const version = await db().priceBookVersion.findFirstOrThrow({
      where: { model: "console-model" },
    });
    expect(version.effectiveFrom.toISOString()).toBe("2099-06-01T05:00:00.000Z");
    expect(version.perAudioSecond).toBe(1000n);
    expect(version.createdByEmail).toBe("boss@example.com");
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: "price.version.add", target: "console-model" },
    });
    expect(audit).toMatchObject({ actorType: "user", actorEmail: "boss@example.com" });
  });
});
