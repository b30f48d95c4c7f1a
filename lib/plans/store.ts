import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { defaultTerms, isPlanId, PLAN_LIST, PLANS, type PlanTerms, planOf } from "./plans";
import { ACCOUNT_VERSION_SQL } from "./version-sql";

/** A client or a transaction: the reads work in either. */
export type Db = PrismaClient | Prisma.TransactionClient;

const VERSION = {
  id: true,
  planId: true,
  version: true,
  monthlyPricePaisa: true,
  limitRpm: true,
  limitRpd: true,
  limitTpd: true,
  limitMaxTokens: true,
  features: true,
  support: true,
  models: true,
  overageAllowed: true,
  stripeLookupKey: true,
  plan: { select: { name: true, rank: true, selfServe: true, archivedAt: true } },
} as const;

type VersionRow = Prisma.PlanVersionGetPayload<{ select: typeof VERSION }>;

function modelsOf(value: Prisma.JsonValue | null): string[] | null {
  return Array.isArray(value) ? value.filter((m): m is string => typeof m === "string") : null;
}

export function termsOf(row: VersionRow): PlanTerms {
  return {
    id: row.planId,
    name: row.plan.name,
    rank: row.plan.rank,
    selfServe: row.plan.selfServe,
    archived: row.plan.archivedAt !== null,
    versionId: row.id,
    version: row.version,
    monthlyPricePaisa: row.monthlyPricePaisa,
    limits: {
      requestsPerMinute: row.limitRpm,
      requestsPerDay: row.limitRpd,
      tokensPerDay: row.limitTpd,
      maxTokensPerRequest: row.limitMaxTokens,
    },
    features: row.features,
    support: row.support,
    models: modelsOf(row.models),
    overageAllowed: row.overageAllowed,
    stripeLookupKey: row.stripeLookupKey,
  };
}

/** Every plan at its latest version, by rank; archived ones only when asked for. */
export async function listPlans(
  db: Db,
  options: { includeArchived?: boolean } = {},
): Promise<PlanTerms[]> {
  const plans = await db.plan.findMany({
    where: options.includeArchived ? {} : { archivedAt: null },
    orderBy: [{ rank: "asc" }, { createdAt: "asc" }],
    select: { versions: { orderBy: { version: "desc" }, take: 1, select: VERSION } },
  });
  return plans.flatMap((plan) => plan.versions.map(termsOf));
}

/** The last list read by this process, for public pages while PostgreSQL is away. */
let lastOnSale: PlanTerms[] | null = null;

/**
 * The plans for the public pricing section: read fresh, but while PostgreSQL is away the last
 * list this process read (the defaults before any) — the landing page stays up in an outage.
 */
export async function plansOnSale(db: Db): Promise<PlanTerms[]> {
  try {
    lastOnSale = await listPlans(db);
  } catch {
    return lastOnSale ?? PLAN_LIST.map(defaultTerms);
  }
  return lastOnSale;
}

/** A plan's latest version, or null when there is no such plan. */
export async function latestPlan(db: Db, planId: string): Promise<PlanTerms | null> {
  const row = await db.planVersion.findFirst({
    where: { planId },
    orderBy: { version: "desc" },
    select: VERSION,
  });
  return row ? termsOf(row) : null;
}

export async function planVersion(db: Db, versionId: string): Promise<PlanTerms | null> {
  const row = await db.planVersion.findUnique({ where: { id: versionId }, select: VERSION });
  return row ? termsOf(row) : null;
}

/** The version a Stripe price sells, by its lookup key. */
export async function planVersionByLookupKey(db: Db, key: string): Promise<PlanTerms | null> {
  const row = await db.planVersion.findUnique({ where: { stripeLookupKey: key }, select: VERSION });
  return row ? termsOf(row) : null;
}

/** Every version of one plan, newest first (the admin's history). */
export async function planHistory(db: Db, planId: string): Promise<PlanTerms[]> {
  const rows = await db.planVersion.findMany({
    where: { planId },
    orderBy: { version: "desc" },
    select: VERSION,
  });
  return rows.map(termsOf);
}

/**
 * The terms an account is held to (its pinned version, else its plan's latest); a plan with no
 * stored version falls back to the default of that name, and an unknown one to Free.
 */
export async function accountPlan(db: Db, accountId: string): Promise<PlanTerms> {
  const rows = await db.$queryRawUnsafe<{ plan: string; version_id: string | null }[]>(
    `SELECT a.plan, ${ACCOUNT_VERSION_SQL} AS version_id FROM accounts a WHERE a.id = $1`,
    accountId,
  );
  const row = rows[0];
  const found = row?.version_id ? await planVersion(db, row.version_id) : null;
  if (found) return found;
  return defaultTerms(row && isPlanId(row.plan) ? PLANS[row.plan] : planOf(""));
}
