/**
 * Plan shapes and the four DEFAULT plans (Free, Starter, Pro, Enterprise), seeded into the plans
 * tables at first start (seed.ts). Plans are data the seller edits (lib/admin/plans); the pricing
 * page, the gateway's limiter, billing and the admin console read them from the database
 * (store.ts). These constants are the seed and the fallback for a plan with no stored version.
 */

export const PLAN_IDS = ["free", "starter", "pro", "enterprise"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** A limit of `null` means unlimited. */
export interface Limits {
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  tokensPerDay: number | null;
  maxTokensPerRequest: number | null;
}

export interface Plan {
  id: PlanId;
  name: string;
  /** Monthly price in paisa (1 PKR = 100 paisa); null when set per customer (Enterprise). */
  monthlyPricePaisa: number | null;
  limits: Limits;
  support: string;
  features: readonly string[];
  /** Whether customers can buy it themselves through Stripe Checkout. */
  selfServe: boolean;
  /** Stripe price lookup key, for plans sold through Stripe. */
  stripeLookupKey: string | null;
  /** Higher rank = more access; models name the lowest rank that may use them. */
  rank: number;
  /** The models the plan may call; null = every model its rank reaches. */
  models: readonly string[] | null;
  /** Whether usage past the daily allowance may continue, billed as overage. */
  overageAllowed: boolean;
}

/** A plan as stored: one version of a seller-defined plan, with its stable slug as `id`. */
export interface PlanTerms extends Omit<Plan, "id"> {
  id: string;
  /** null for a default plan read from code (no stored version). */
  versionId: string | null;
  version: number;
  archived: boolean;
}

/** A default plan's terms, as if stored as version 1. */
export function defaultTerms(plan: Plan): PlanTerms {
  return { ...plan, versionId: null, version: 1, archived: false };
}

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: "free",
    name: "Free",
    monthlyPricePaisa: 0,
    limits: {
      requestsPerMinute: 10,
      requestsPerDay: 100,
      tokensPerDay: 10_000,
      maxTokensPerRequest: 512,
    },
    support: "Community support",
    features: ["Community support"],
    selfServe: false,
    stripeLookupKey: null,
    rank: 0,
    models: null,
    overageAllowed: false,
  },
  starter: {
    id: "starter",
    name: "Starter",
    monthlyPricePaisa: 5_000_00,
    limits: {
      requestsPerMinute: 60,
      requestsPerDay: 1_000,
      tokensPerDay: 100_000,
      maxTokensPerRequest: 2_048,
    },
    support: "Email support",
    features: ["Email support"],
    selfServe: true,
    stripeLookupKey: "darwaza_starter_monthly_pkr",
    rank: 1,
    models: null,
    overageAllowed: true,
  },
  pro: {
    id: "pro",
    name: "Pro",
    monthlyPricePaisa: 25_000_00,
    limits: {
      requestsPerMinute: 300,
      requestsPerDay: 10_000,
      tokensPerDay: 1_000_000,
      maxTokensPerRequest: 4_096,
    },
    support: "Priority support",
    features: ["Priority support", "Custom model fine-tuning"],
    selfServe: true,
    stripeLookupKey: "darwaza_pro_monthly_pkr",
    rank: 2,
    models: null,
    overageAllowed: true,
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    monthlyPricePaisa: null,
    limits: {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: null,
      maxTokensPerRequest: null,
    },
    support: "Dedicated support",
    features: ["Dedicated GPU instances", "99.9% SLA", "On-premise option"],
    selfServe: false,
    stripeLookupKey: null,
    rank: 3,
    models: null,
    overageAllowed: false,
  },
};

export const PLAN_LIST: readonly Plan[] = PLAN_IDS.map((id) => PLANS[id]);

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}

/** An unknown plan name in the database falls back to Free rather than to unlimited. */
export function planOf(id: string): Plan {
  return isPlanId(id) ? PLANS[id] : PLANS.free;
}

/** The account columns that can override a plan's limits (Enterprise). */
export interface LimitOverrides {
  plan: string;
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  limitMaxTokens: number | null;
}

/**
 * The limits an account is held to: its plan's, except on Enterprise where an admin's values
 * apply and an unset one means unlimited.
 */
export function effectiveLimits(
  account: LimitOverrides,
  planLimits: Limits = planOf(account.plan).limits,
): Limits {
  if (account.plan !== "enterprise") return planLimits;
  return {
    requestsPerMinute: account.limitRpm,
    requestsPerDay: account.limitRpd,
    tokensPerDay: account.limitTpd,
    maxTokensPerRequest: account.limitMaxTokens,
  };
}

/**
 * Stripe subscriptions in these states are billed every month. past_due still counts: Stripe keeps
 * retrying the card and the account keeps its plan through the grace period.
 */
export const BILLED_STATUSES = ["active", "past_due"] as const;
