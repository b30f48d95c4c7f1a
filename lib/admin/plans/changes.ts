import type { SaveResult } from "@/lib/admin/action-state";
import { type Actor, writeAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import { lookupKeyFor } from "@/lib/plans/lookup-key";
import type { PlanTerms } from "@/lib/plans/plans";
import { latestPlan } from "@/lib/plans/store";
import { db, services } from "@/lib/services";
import type { CreatePlanInput, PlanTermsInput } from "./schemas";

/** Above this many moved accounts one "everything" eviction is cheaper than one per account. */
const EVICT_EACH_UP_TO = 500;

function versionData(planId: string, version: number, input: PlanTermsInput, actor: Actor) {
  const monthlyPricePaisa = input.pricePkr === null ? null : Math.round(input.pricePkr * 100);
  return {
    planId,
    version,
    monthlyPricePaisa,
    limitRpm: input.limitRpm,
    limitRpd: input.limitRpd,
    limitTpd: input.limitTpd,
    limitMaxTokens: input.limitMaxTokens,
    features: input.features,
    support: input.support,
    models: input.models ?? undefined,
    overageAllowed: input.overageAllowed,
    // Every priced version gets its own key: Stripe prices are immutable, like versions.
    stripeLookupKey: monthlyPricePaisa ? lookupKeyFor(planId, version) : null,
    createdBy: actor.email ?? actor.id ?? actor.type,
  } satisfies Prisma.PlanVersionUncheckedCreateInput;
}

function auditTerms(input: PlanTermsInput) {
  return { ...input, models: input.models ?? "all" };
}

/** A new plan at version 1. Refused when the slug is taken. */
export async function createPlan(
  actor: Actor,
  input: CreatePlanInput,
): Promise<SaveResult & { plan?: PlanTerms }> {
  const { id, name, rank, selfServe } = input;
  const created = await db().$transaction(async (tx) => {
    if (await tx.plan.findUnique({ where: { id }, select: { id: true } })) return false;
    await tx.plan.create({ data: { id, name, rank, selfServe } });
    await tx.planVersion.create({ data: versionData(id, 1, input, actor) });
    await writeAudit(tx, actor, {
      action: "plan.create",
      target: id,
      details: { version: 1, ...auditTerms(input) },
    });
    return true;
  });
  if (!created) return { ok: false, field: "id", error: "A plan with this id already exists." };
  return { ok: true, plan: (await latestPlan(db(), id)) ?? undefined };
}

/**
 * An edit: the plan's name, rank and self-serve flag change in place, its terms become a NEW
 * version. Accounts on the plan that followed its latest version are pinned first to the one
 * they were on, so no existing subscriber's terms change until an admin moves them. A rank
 * change alters which models its accounts reach, so their cached accounts are refreshed.
 */
export async function editPlan(
  actor: Actor,
  input: PlanTermsInput & { id: string },
): Promise<SaveResult & { plan?: PlanTerms }> {
  const { id, name, rank, selfServe } = input;
  const outcome = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ rank: number }[]>`
      SELECT rank FROM plans WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) return null;
    const latest = await tx.planVersion.findFirst({
      where: { planId: id },
      orderBy: { version: "desc" },
      select: { id: true, version: true },
    });
    const version = (latest?.version ?? 0) + 1;
    if (latest) {
      // No updated_at bump: these accounts' terms do not change, so no cache needs evicting.
      await tx.$executeRaw`
        UPDATE accounts SET plan_version_id = ${latest.id}
         WHERE plan = ${id}
           AND (plan_version_id IS NULL
                OR plan_version_id NOT IN (SELECT v.id FROM plan_versions v WHERE v.plan_id = ${id}))`;
    }
    await tx.plan.update({ where: { id }, data: { name, rank, selfServe } });
    await tx.planVersion.create({ data: versionData(id, version, input, actor) });
    const rankChanged = locked[0].rank !== rank;
    if (rankChanged)
      await tx.$executeRaw`UPDATE accounts SET updated_at = now() WHERE plan = ${id}`;
    await writeAudit(tx, actor, {
      action: "plan.edit",
      target: id,
      details: { version, ...auditTerms(input) },
    });
    return { rankChanged };
  });
  if (!outcome) return { ok: false, error: "No such plan." };
  if (outcome.rankChanged) services().control.invalidate({ scope: "all" });
  return { ok: true, plan: (await latestPlan(db(), id)) ?? undefined };
}

/** Archive (no longer sold; its subscribers keep it) or restore a plan. Free stays on sale. */
export async function setPlanArchived(
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<SaveResult> {
  if (id === "free" && archived)
    return { ok: false, error: "Free is every account's fallback plan; it cannot be archived." };
  const changed = await db().$transaction(async (tx) => {
    const { count } = await tx.plan.updateMany({
      where: { id, archivedAt: archived ? null : { not: null } },
      data: { archivedAt: archived ? new Date() : null },
    });
    if (count > 0)
      await writeAudit(tx, actor, {
        action: archived ? "plan.archive" : "plan.restore",
        target: id,
      });
    return count > 0;
  });
  if (!changed && !(await db().plan.findUnique({ where: { id }, select: { id: true } })))
    return { ok: false, error: "No such plan." };
  return { ok: true };
}

/**
 * The explicit move: every account on the plan is put on its latest version, and the gateway
 * holds each to it from its next call (this instance at once, others through the poller).
 * Returns how many accounts moved.
 */
export async function moveSubscribersToLatest(actor: Actor, id: string): Promise<number | null> {
  const moved = await db().$transaction(async (tx) => {
    const latest = await tx.planVersion.findFirst({
      where: { planId: id },
      orderBy: { version: "desc" },
      select: { id: true, version: true },
    });
    if (!latest) return null;
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE accounts SET plan_version_id = ${latest.id}, updated_at = now()
       WHERE plan = ${id} AND plan_version_id IS DISTINCT FROM ${latest.id}
       RETURNING id`;
    await writeAudit(tx, actor, {
      action: "plan.move_subscribers",
      target: id,
      details: { version: latest.version, accounts: rows.length },
    });
    return rows.map((row) => row.id);
  });
  if (moved === null) return null;
  const { control } = services();
  if (moved.length > EVICT_EACH_UP_TO) control.invalidate({ scope: "all" });
  else for (const accountId of moved) control.invalidate({ scope: "account", id: accountId });
  return moved.length;
}

/** The seller's monthly infrastructure cost (paisa), which the margin view subtracts. */
export async function setInfraCost(actor: Actor, paisa: bigint): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.businessSettings.findUnique({ where: { id: 1 } });
    await tx.businessSettings.upsert({
      where: { id: 1 },
      create: { id: 1, infraMonthlyCostPaisa: paisa },
      update: { infraMonthlyCostPaisa: paisa },
    });
    await writeAudit(tx, actor, {
      action: "settings.infra_cost",
      details: {
        before: before ? Number(before.infraMonthlyCostPaisa) : 0,
        after: Number(paisa),
      },
    });
  });
}

export async function infraCostPaisa(): Promise<bigint> {
  const row = await db().businessSettings.findUnique({ where: { id: 1 } });
  return row?.infraMonthlyCostPaisa ?? 0n;
}
