import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record";
import { postgresKeySource } from "@/lib/gateway/auth/lookup";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "@/lib/gateway/test-support/database";
import { serveGateway } from "@/lib/gateway/test-support/gateway";
import type { RunningServer } from "@/lib/gateway/test-support/servers";
import { PLAN_LIST } from "@/lib/plans/plans";
import { seedDefaultPlans } from "@/lib/plans/seed";
import { accountPlan, latestPlan, listPlans } from "@/lib/plans/store";
import { db, pool } from "@/lib/services";
import { runtimeGateway } from "@/lib/services/gateway";
import { createPlan, editPlan, moveSubscribersToLatest, setPlanArchived } from "./changes";
import { createPlanSchema, editPlanSchema } from "./schemas";

/**
 * Plans as data on a real PostgreSQL and the real gateway over HTTP: the defaults seeded once,
 * an edit saved as a new version that leaves subscribers where they are until moved, and the
 * gateway holding each account to its own version's limits and models.
 */
const admin: Actor = { type: "user", id: "admin-1", email: "boss@example.test" };
let testEnv: GatewayTestEnv;
let server: RunningServer;

/** The console's form for "Starter 8000": PKR 8,000 a month, 5,000 calls a day. */
const starter8000 = {
  id: "starter-8000",
  name: "Starter 8000",
  rank: "1",
  selfServe: "on",
  pricePkr: "8000",
  limitRpm: "",
  limitRpd: "5000",
  limitTpd: "1000000",
  limitMaxTokens: "2048",
  features: "Email support\n5,000 calls a day",
  support: "Email support",
  models: "",
};

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  server = await serveGateway(runtimeGateway());
});

afterAll(async () => {
  await server?.close();
  await testEnv?.teardown();
});

function chat(key: string, model = "demo-chat"): Promise<Response> {
  return fetch(`${server.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], max_tokens: 5 }),
  });
}

/** An account on a plan, pinned to one version as the billing sync pins a subscriber. */
async function subscriber(plan: string, versionId: string | null) {
  const account = await createAccountWithKey("free");
  await db().account.update({
    where: { id: account.accountId },
    data: { plan, planVersionId: versionId },
  });
  runtimeGateway().keyCache.invalidate({ scope: "account", id: account.accountId });
  return account;
}

describe("default plans", () => {
  it("are seeded at first start, once: a second seed and an edited plan change nothing", async () => {
    const plans = await listPlans(db());
    expect(plans.map((plan) => [plan.id, plan.version, plan.monthlyPricePaisa])).toEqual(
      PLAN_LIST.map((plan) => [plan.id, 1, plan.monthlyPricePaisa]),
    );
    expect(plans.map((plan) => plan.limits)).toEqual(PLAN_LIST.map((plan) => plan.limits));
    const edited = editPlanSchema.parse({
      ...starter8000,
      id: "pro",
      name: "Pro",
      rank: "2",
      pricePkr: "30000",
      limitRpd: "",
    });
    expect((await editPlan(admin, edited)).ok).toBe(true);
    // Two starts at once and a later one: nothing is created twice or put back.
    const again = await Promise.all([seedDefaultPlans(db()), seedDefaultPlans(db())]);
    expect(again).toEqual([0, 0]);
    expect(await seedDefaultPlans(db())).toBe(0);
    expect(await db().plan.count()).toBe(4);
    expect(await db().planVersion.count()).toBe(5);
    expect((await latestPlan(db(), "pro"))?.monthlyPricePaisa).toBe(30_000_00);
  });
});

describe("versions", () => {
  it("refuses a bad form with an error per field", () => {
    const parsed = createPlanSchema.safeParse({
      ...starter8000,
      id: "Bad Slug",
      pricePkr: "-1",
      limitRpd: "1.5",
    });
    expect(parsed.success).toBe(false);
    const fields = parsed.error?.issues.map((issue) => issue.path[0]).sort();
    expect(fields).toEqual(["id", "limitRpd", "pricePkr"]);
    const free = createPlanSchema.safeParse({ ...starter8000, pricePkr: "0" });
    expect(free.error?.issues[0]?.path).toEqual(["pricePkr"]);
  });

  it("keeps an existing subscriber on their version when the plan is edited, until moved", async () => {
    const created = await createPlan(admin, createPlanSchema.parse(starter8000));
    expect(created).toMatchObject({ ok: true, plan: { version: 1, monthlyPricePaisa: 800_000 } });
    expect(created.plan?.stripeLookupKey).toBe("darwaza_starter_8000_v1_monthly_pkr");
    expect((await createPlan(admin, createPlanSchema.parse(starter8000))).ok).toBe(false);
    const pinned = await subscriber("starter-8000", created.plan?.versionId ?? null);
    // An account that followed the latest version (no pin) is pinned by the edit too.
    const following = await subscriber("starter-8000", null);

    const edit = await editPlan(
      admin,
      editPlanSchema.parse({ ...starter8000, pricePkr: "9000", limitRpd: "6000" }),
    );
    expect(edit.plan).toMatchObject({ version: 2, monthlyPricePaisa: 900_000 });
    expect(edit.plan?.stripeLookupKey).toBe("darwaza_starter_8000_v2_monthly_pkr");
    for (const account of [pinned, following]) {
      const terms = await accountPlan(db(), account.accountId);
      expect([terms.version, terms.monthlyPricePaisa, terms.limits.requestsPerDay]).toEqual([
        1, 800_000, 5_000,
      ]);
    }
    const newcomer = await subscriber("starter-8000", null);
    expect((await accountPlan(db(), newcomer.accountId)).version).toBe(2);

    expect(await moveSubscribersToLatest(admin, "starter-8000")).toBe(3);
    expect((await accountPlan(db(), pinned.accountId)).limits.requestsPerDay).toBe(6_000);
    const audit = await db().auditLog.findMany({
      where: { target: "starter-8000" },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(audit.map((row) => row.action)).toEqual([
      "plan.create",
      "plan.edit",
      "plan.move_subscribers",
    ]);
  });

  it("archives a plan off the list but leaves its subscribers on it; Free cannot be archived", async () => {
    const account = await subscriber("starter-8000", null);
    expect((await setPlanArchived(admin, "starter-8000", true)).ok).toBe(true);
    expect((await listPlans(db())).map((plan) => plan.id)).not.toContain("starter-8000");
    expect((await accountPlan(db(), account.accountId)).id).toBe("starter-8000");
    expect((await setPlanArchived(admin, "free", true)).ok).toBe(false);
    expect((await setPlanArchived(admin, "starter-8000", false)).ok).toBe(true);
  });
});

describe("the gateway", () => {
  it("holds an account to its plan version's limits, and picks up a move to a new version", async () => {
    const plan = await createPlan(
      admin,
      createPlanSchema.parse({ ...starter8000, id: "lesson-starter", name: "Starter" }),
    );
    const account = await subscriber("lesson-starter", plan.plan?.versionId ?? null);
    const first = await chat(account.key);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-requests")).toBe("5000");
    expect(first.headers.get("x-ratelimit-remaining-requests")).toBe("4999");

    await editPlan(
      admin,
      editPlanSchema.parse({ ...starter8000, id: "lesson-starter", limitRpd: "7000" }),
    );
    // Edited, not moved: still version 1's 5,000 a day.
    expect((await chat(account.key)).headers.get("x-ratelimit-limit-requests")).toBe("5000");
    await moveSubscribersToLatest(admin, "lesson-starter");
    const moved = await chat(account.key);
    expect(moved.headers.get("x-ratelimit-limit-requests")).toBe("7000");
    expect(moved.headers.get("x-ratelimit-remaining-requests")).toBe("6997");
  });

  it("answers 403 for a model the plan does not include, and lists only its models", async () => {
    const plan = await createPlan(
      admin,
      createPlanSchema.parse({
        ...starter8000,
        id: "chat-only",
        name: "Chat only",
        rank: "3",
        models: "demo-chat, demo-image",
      }),
    );
    const account = await subscriber("chat-only", plan.plan?.versionId ?? null);
    expect((await chat(account.key)).status).toBe(200);
    const refused = await chat(account.key, "demo-chat-pro");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({
      type: "permission_error",
      code: "model_not_in_plan",
      param: "model",
    });
    const models = await fetch(`${server.url}/api/v1/models`, {
      headers: { authorization: `Bearer ${account.key}` },
    });
    const ids = ((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).toEqual(["demo-chat", "demo-image"]);
  });

  it("reads the account's version with the account, in one query: limits, models, overage", async () => {
    const plan = await createPlan(
      admin,
      createPlanSchema.parse({
        ...starter8000,
        id: "overage",
        name: "Overage",
        overageAllowed: "on",
        models: "demo-chat",
      }),
    );
    const account = await subscriber("overage", plan.plan?.versionId ?? null);
    const found = await postgresKeySource(pool).account(account.accountId);
    expect(found?.terms).toEqual({
      id: "overage",
      versionId: plan.plan?.versionId,
      rank: 1,
      limits: {
        requestsPerMinute: null,
        requestsPerDay: 5_000,
        tokensPerDay: 1_000_000,
        maxTokensPerRequest: 2_048,
      },
      models: new Set(["demo-chat"]),
      overageAllowed: true,
    });
    // A plan with no stored version (never seeded) falls back to its default, an unknown one to Free.
    await db().account.update({ where: { id: account.accountId }, data: { plan: "platinum" } });
    expect((await postgresKeySource(pool).account(account.accountId))?.terms).toMatchObject({
      id: "free",
      versionId: null,
      limits: { requestsPerDay: 100 },
    });
  });

  it("keeps the defaults' rank rule: Free cannot call the Pro model, Pro can", async () => {
    const free = await createAccountWithKey("free");
    const pro = await createAccountWithKey("pro");
    expect((await chat(free.key, "demo-chat-pro")).status).toBe(403);
    expect((await chat(pro.key, "demo-chat-pro")).status).toBe(200);
  });
});
