import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record";
import { PLANS } from "@/lib/plans/plans";
import { db } from "@/lib/services";
import { runtimeGateway } from "@/lib/services/gateway";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { setAccountStatus, setEnterpriseTerms } from "./account-terms";
import { createKeyFor } from "./keys";
import { createKeySchema, enterpriseTermsSchema } from "./schemas";

const admin: Actor = { type: "user", id: "admin-1", email: "boss@example.test" };

describe("admin control actions", () => {
  let testServices: TestServices;
  let accountId: string;

  beforeAll(async () => {
    testServices = await setUpTestServices({
      env: { DARWAZA_SECRET: "control-test-secret-control-test-secret" },
    });
    const account = await db().account.create({
      data: {
        name: "Acme",
        members: { create: { user: { create: { email: "owner@acme.test" } } } },
      },
    });
    accountId = account.id;
  });
  afterAll(() => testServices?.teardown());
  beforeEach(() => {
    // As if the gateway had this account cached: every change must evict it.
    const cache = runtimeGateway().keyCache;
    cache.storeAccount(
      {
        id: accountId,
        plan: "free",
        terms: {
          id: "free",
          versionId: null,
          rank: 0,
          limits: PLANS.free.limits,
          models: null,
          overageAllowed: false,
        },
        status: "active",
        limitRpm: null,
        limitRpd: null,
        limitTpd: null,
        limitMaxTokens: null,
        ownerVerified: true,
      },
      cache.epoch,
    );
  });

  it("parses the Enterprise form: blanks are unlimited, rupees become paisa", () => {
    const parsed = enterpriseTermsSchema.parse({
      accountId: "a",
      limitRpm: "600",
      limitRpd: "",
      limitTpd: " ",
      limitMaxTokens: "8192",
      pricePkr: "150000.50",
    });
    expect(parsed).toEqual({
      accountId: "a",
      limitRpm: 600,
      limitRpd: null,
      limitTpd: null,
      limitMaxTokens: 8192,
      pricePkr: 150000.5,
    });
    expect(enterpriseTermsSchema.safeParse({ ...parsed, limitRpm: "0" }).success).toBe(false);
    expect(enterpriseTermsSchema.safeParse({ ...parsed, limitRpm: "1.5" }).success).toBe(false);
    expect(enterpriseTermsSchema.safeParse({ ...parsed, pricePkr: "1.005" }).success).toBe(false);
    expect(createKeySchema.safeParse({ label: "x" }).success).toBe(false);
  });

  it("moves an account to Enterprise with its audit row, and evicts it from the gateway cache", async () => {
    const terms = enterpriseTermsSchema.parse({
      accountId,
      limitRpm: "7",
      limitRpd: "",
      limitTpd: "",
      limitMaxTokens: "",
      pricePkr: "120000",
    });
    expect(await setEnterpriseTerms(admin, terms)).toBe(true);
    expect(runtimeGateway().keyCache.accounts.has(accountId)).toBe(false);
    const account = await db().account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account).toMatchObject({
      plan: "enterprise",
      limitRpm: 7,
      limitRpd: null,
      customPricePaisa: 12_000_000,
    });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { accountId, action: "account.enterprise" },
    });
    expect(audit).toMatchObject({
      actorId: "admin-1",
      actorEmail: "boss@example.test",
      target: accountId,
    });
    expect(audit.details).toMatchObject({
      before: { plan: "free" },
      after: { plan: "enterprise", limitRpm: 7 },
    });
    expect(await setEnterpriseTerms(admin, { ...terms, accountId: "missing" })).toBe(false);
  });

  it("suspends and reinstates, recording each change once", async () => {
    expect(await setAccountStatus(admin, accountId, "suspended")).toBe(true);
    expect(runtimeGateway().keyCache.accounts.has(accountId)).toBe(false);
    expect(await setAccountStatus(admin, accountId, "suspended")).toBe(true);
    expect((await db().account.findUniqueOrThrow({ where: { id: accountId } })).status).toBe(
      "suspended",
    );
    expect(await setAccountStatus(admin, accountId, "active")).toBe(true);
    const actions = await db().auditLog.findMany({
      where: { accountId, action: { in: ["account.suspend", "account.reinstate"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((row) => row.action)).toEqual(["account.suspend", "account.reinstate"]);
    expect(await setAccountStatus(admin, "missing", "suspended")).toBe(false);
  });

  it("creates a key for an existing email's account, or a new account for a new email", async () => {
    const existing = await createKeyFor(
      admin,
      createKeySchema.parse({ email: "OWNER@acme.test", label: "ci" }),
    );
    expect(existing).toMatchObject({ ok: true, accountId, createdAccount: false });
    if (!existing.ok) return;
    expect(existing.key.key).toMatch(/^sk-/);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: existing.key.id } });
    expect(stored.hash).not.toContain(existing.key.key);

    const fresh = await createKeyFor(
      admin,
      createKeySchema.parse({ email: "new@corp.test", label: "prod", plan: "pro" }),
    );
    expect(fresh).toMatchObject({ ok: true, createdAccount: true });
    if (!fresh.ok) return;
    expect((await db().account.findUniqueOrThrow({ where: { id: fresh.accountId } })).plan).toBe(
      "pro",
    );
    const audits = await db().auditLog.findMany({
      where: { accountId: fresh.accountId },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((row) => row.action)).toEqual(["account.create", "api_key.create"]);

    expect(
      await createKeyFor(admin, createKeySchema.parse({ accountId: "missing", label: "x" })),
    ).toEqual({
      ok: false,
      error: "No such account",
      code: "account_not_found",
    });
  });
});
