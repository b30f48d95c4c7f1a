import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { auditActions, auditLog } from "./log";

const TZ = "Asia/Karachi";

describe("audit log filters", () => {
  let testServices: TestServices;
  let accountId: string;

  beforeAll(async () => {
    testServices = await setUpTestServices();
    const account = await db().account.create({
      data: {
        name: "Acme",
        members: { create: { user: { create: { email: "owner@acme.test" } } } },
      },
    });
    accountId = account.id;
    const row = (
      action: string,
      createdAt: string,
      actorEmail: string | null,
      onAccount = true,
    ) => ({
      action,
      createdAt: new Date(createdAt),
      actorType: actorEmail ? "user" : "system",
      actorEmail,
      accountId: onAccount ? accountId : "other",
    });
    await db().auditLog.createMany({
      data: [
        // 23:30 on May 31st in UTC is already June 1st in Karachi.
        row("account.suspend", "2026-05-31T19:30:00Z", "boss@darwaza.test"),
        row("account.reinstate", "2026-05-31T18:30:00Z", "boss@darwaza.test"),
        row("plan.change", "2026-06-02T10:00:00Z", null),
        row("api_key.create", "2026-06-03T10:00:00Z", "Other@Darwaza.test", false),
      ],
    });
  });
  afterAll(() => testServices?.teardown());

  const actions = async (filter: Parameters<typeof auditLog>[0]) =>
    (await auditLog(filter, TZ)).rows.map((row) => row.action);

  it("filters by action, actor, account (id or a member's email) and Karachi days", async () => {
    expect(await actions({})).toEqual([
      "api_key.create",
      "plan.change",
      "account.suspend",
      "account.reinstate",
    ]);
    expect(await actions({ action: "plan.change" })).toEqual(["plan.change"]);
    expect(await actions({ actor: "OTHER@" })).toEqual(["api_key.create"]);
    expect(await actions({ account: accountId })).toHaveLength(3);
    expect(await actions({ account: "Owner@Acme.test" })).toHaveLength(3);
    expect(await actions({ from: "2026-06-01", to: "2026-06-01" })).toEqual(["account.suspend"]);
    expect(await actions({ to: "2026-05-31" })).toEqual(["account.reinstate"]);
  });

  it("pages without counting, and lists the distinct actions", async () => {
    const first = await auditLog({ pageSize: 3 }, TZ);
    const second = await auditLog({ pageSize: 3, page: 2 }, TZ);
    expect([first.hasNext, second.hasNext]).toEqual([true, false]);
    expect(second.rows.map((row) => row.action)).toEqual(["account.reinstate"]);
    expect(await auditActions()).toEqual([
      "account.reinstate",
      "account.suspend",
      "api_key.create",
      "plan.change",
    ]);
  });
});
