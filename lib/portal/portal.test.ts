import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import type { UsageEventRow } from "@/lib/gateway/metering/types";
import { batchWriter } from "@/lib/gateway/metering/writer";
import { createApiKey } from "@/lib/keys/create";
import { revokeApiKey } from "@/lib/keys/revoke";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { businessToday, daysEnding } from "./days";
import { accountKey, accountKeys } from "./keys";
import { accountOverview } from "./overview";
import { recentRequests } from "./recent-requests";
import { usageCsv } from "./usage-export";
import { usageSeries } from "./usage-series";

const TZ = "Asia/Karachi";

let n = 0;
function event(
  accountId: string,
  keyId: string,
  at: number,
  extra: Partial<UsageEventRow> = {},
): UsageEventRow {
  n += 1;
  return {
    id: `req_${n}`,
    accountId,
    keyId,
    endpoint: "/v1/chat/completions",
    model: "demo-chat",
    upstream: "demo-llm",
    status: 200,
    tokensIn: 10,
    tokensOut: 20,
    latencyMs: 5,
    cached: false,
    estimated: false,
    billed: true,
    errorCode: null,
    costPaisa: 3,
    createdAt: at,
    ...extra,
  };
}

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const line of lines) out += line;
  return out;
}

describe("portal queries are scoped to one account", () => {
  let testServices: TestServices;
  let a: { accountId: string; keyId: string; key2: string };
  let b: { accountId: string; keyId: string };
  const now = Date.now();

  beforeAll(async () => {
    testServices = await setUpTestServices({
      env: { DARWAZA_TIMEZONE: TZ, DARWAZA_SECRET: "portal-test-secret-0123456789abcdef0123" },
    });
    const ua = await createUserWithAccount({ email: "a@example.com" });
    const ub = await createUserWithAccount({ email: "b@example.com" });
    if (!ua || !ub) throw new Error("setup");
    const ka = await createApiKey({ accountId: ua.account.id, label: "=cmd|' /C calc'!A0" });
    const ka2 = await createApiKey({ accountId: ua.account.id, label: "second" });
    const kb = await createApiKey({ accountId: ub.account.id, label: "b-key" });
    a = { accountId: ua.account.id, keyId: ka.id, key2: ka2.id };
    b = { accountId: ub.account.id, keyId: kb.id };
    const write = batchWriter(pool, TZ);
    await write([
      event(a.accountId, a.keyId, now - 5_000),
      event(a.accountId, a.keyId, now - 4_000, {
        endpoint: "/v1/images/generations",
        tokensIn: 0,
        tokensOut: 0,
      }),
      event(a.accountId, a.key2, now - 3_000, {
        status: 429,
        billed: false,
        tokensIn: 0,
        tokensOut: 0,
        costPaisa: 0,
      }),
      event(a.accountId, a.keyId, now - 3 * 86_400_000),
      event(b.accountId, b.keyId, now - 2_000, { tokensIn: 1000 }),
    ]);
  });
  afterAll(() => testServices?.teardown());

  it("keys: lists only the account's own, and another account's id is not found", async () => {
    expect((await accountKeys(a.accountId)).map((k) => k.id).sort()).toEqual(
      [a.keyId, a.key2].sort(),
    );
    expect(await accountKey(a.accountId, b.keyId)).toBeNull();
    expect(await accountKey(b.accountId, b.keyId)).toMatchObject({
      status: "active",
      display: expect.stringMatching(/^sk-…/),
    });
    expect(await revokeApiKey({ id: b.keyId, accountId: a.accountId })).toBeNull();
    expect((await accountKey(b.accountId, b.keyId))?.status).toBe("active");
  });

  it("overview: today's usage counted like the limiter, this month's totals with cost", async () => {
    const overview = await accountOverview(a.accountId);
    expect(overview?.plan.id).toBe("free");
    expect(overview?.usedNow).toEqual({ requestsLastMinute: 2, requestsToday: 2, tokensToday: 30 });
    const sameMonth = daysEnding(businessToday(), 4)[0].slice(0, 7) === businessToday().slice(0, 7);
    expect(overview?.month.requests).toBe(sameMonth ? 4 : 3);
    expect(overview?.month.unbilledRequests).toBe(1);
  });

  it("series: 30 days from the rollups, split by key or endpoint, other accounts excluded", async () => {
    const byKey = await usageSeries(a.accountId, "key");
    expect(byKey.days).toHaveLength(30);
    expect(byKey.days[29]).toBe(businessToday());
    expect(byKey.totals).toEqual({ requests: 4, tokens: 60 });
    expect(byKey.series.map((s) => s.name).sort()).toEqual(
      [expect.stringContaining("=cmd"), expect.stringContaining("second")].sort(),
    );
    const today = byKey.requests[29];
    expect(byKey.series.reduce((sum, s) => sum + Number(today[s.id]), 0)).toBe(3);

    const byEndpoint = await usageSeries(a.accountId, "endpoint", { keyId: a.keyId });
    expect(byEndpoint.series.map((s) => s.name).sort()).toEqual([
      "/v1/chat/completions",
      "/v1/images/generations",
    ]);
    expect(byEndpoint.totals.requests).toBe(3);
    expect((await usageSeries(a.accountId, "key", { keyId: b.keyId })).totals.requests).toBe(0);
  });

  it("recent requests: newest first, own events only, filtered by key within the account", async () => {
    const recent = await recentRequests(a.accountId);
    expect(recent.map((r) => r.id)).toEqual(["req_3", "req_2", "req_1", "req_4"]);
    expect(recent[0]).toMatchObject({
      status: 429,
      billed: false,
      keyName: expect.stringContaining("second"),
    });
    expect(await recentRequests(a.accountId, { keyId: b.keyId })).toEqual([]);
  });

  it("CSV export: the month's own events, formulas defused", async () => {
    const csv = await collect(usageCsv(a.accountId, businessToday().slice(0, 7)));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^time_utc,request_id,key_id/);
    expect(csv).toContain("req_1");
    expect(csv).not.toContain("req_5");
    expect(csv).toContain(",'=cmd|' /C calc'!A0,");
    const onlyB = await collect(usageCsv(a.accountId, businessToday().slice(0, 7), b.keyId));
    expect(onlyB.trim().split("\r\n")).toHaveLength(1);
  });
});
