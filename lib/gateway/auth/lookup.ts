import type { Pool } from "pg";
import { isPlanId, PLANS, planOf } from "@/lib/plans/plans";
import { ACCOUNT_VERSION_SQL } from "@/lib/plans/version-sql";
import type { CachedAccount, CachedKey, CachedPlan } from "./key-cache";
import { KEY_POLICY_COLUMNS, type KeyPolicyRow, policyOf } from "./key-policy";

/** The cache's database reads: hand-written SQL through pg (one round trip each, no ORM cost). */
export interface KeySource {
  keyByHash(hash: string): Promise<CachedKey | null>;
  account(id: string): Promise<CachedAccount | null>;
}

interface KeyRow extends KeyPolicyRow {
  id: string;
  account_id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  spend_cap_monthly_micros: string | null;
  /** Found by the secret a roll replaced: it works until previous_expires_at. */
  previous: boolean;
  previous_expires_at: Date | null;
}

interface AccountRow {
  id: string;
  plan: string;
  status: "active" | "suspended";
  limit_rpm: number | null;
  limit_rpd: number | null;
  limit_tpd: number | null;
  limit_max_tokens: number | null;
  owner_verified: boolean;
  spend_cap_monthly_micros: string | null;
  postpaid_overage: boolean;
  version_id: string | null;
  rank: number | null;
  plan_rpm: number | null;
  plan_rpd: number | null;
  plan_tpd: number | null;
  plan_max_tokens: number | null;
  models: unknown;
  overage_allowed: boolean | null;
}

/** The account's plan version; one with no stored version is its default of that name, or Free. */
function planOfRow(row: AccountRow): CachedPlan {
  if (row.version_id === null || row.rank === null) {
    const fallback = isPlanId(row.plan) ? PLANS[row.plan] : planOf(row.plan);
    return {
      id: fallback.id,
      versionId: null,
      rank: fallback.rank,
      limits: fallback.limits,
      models: fallback.models ? new Set(fallback.models) : null,
      overageAllowed: fallback.overageAllowed,
    };
  }
  return {
    id: row.plan,
    versionId: row.version_id,
    rank: row.rank,
    limits: {
      requestsPerMinute: row.plan_rpm,
      requestsPerDay: row.plan_rpd,
      tokensPerDay: row.plan_tpd,
      maxTokensPerRequest: row.plan_max_tokens,
    },
    models: Array.isArray(row.models)
      ? new Set(row.models.filter((m): m is string => typeof m === "string"))
      : null,
    overageAllowed: row.overage_allowed === true,
  };
}

export function postgresKeySource(pool: () => Pool): KeySource {
  return {
    async keyByHash(hash) {
      // Either secret of a rolled key, in the same one round trip (both columns are unique).
      const { rows } = await pool().query<KeyRow>(
        `SELECT id, account_id, revoked_at, expires_at, spend_cap_monthly_micros,
           hash <> $1 AS previous, previous_expires_at, ${KEY_POLICY_COLUMNS}
         FROM api_keys WHERE hash = $1 OR previous_hash = $1`,
        [hash],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id,
        accountId: row.account_id,
        revokedAt: row.revoked_at ? row.revoked_at.getTime() : null,
        expiresAt: row.expires_at ? row.expires_at.getTime() : null,
        spendCapMicros: microsOrNull(row.spend_cap_monthly_micros),
        secretExpiresAt: row.previous ? (row.previous_expires_at?.getTime() ?? 0) : null,
        policy: policyOf(row),
      };
    },
    async account(id) {
      const { rows } = await pool().query<AccountRow>(
        // Whether the owner verified their email, and the plan version the account is held to,
        // ride along in the same query (no extra trip).
        `SELECT a.id, a.plan, a.status, a.limit_rpm, a.limit_rpd, a.limit_tpd, a.limit_max_tokens,
           a.spend_cap_monthly_micros, a.postpaid_overage,
           NOT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
                       WHERE m.account_id = a.id AND m.role = 'owner'
                         AND u.email_verified_at IS NULL) AS owner_verified,
           v.id AS version_id, p.rank, v.limit_rpm AS plan_rpm, v.limit_rpd AS plan_rpd,
           v.limit_tpd AS plan_tpd, v.limit_max_tokens AS plan_max_tokens, v.models,
           v.overage_allowed
         FROM accounts a
         LEFT JOIN plan_versions v ON v.id = ${ACCOUNT_VERSION_SQL}
         LEFT JOIN plans p ON p.id = v.plan_id
         WHERE a.id = $1`,
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id,
        plan: row.plan,
        terms: planOfRow(row),
        status: row.status,
        limitRpm: row.limit_rpm,
        limitRpd: row.limit_rpd,
        limitTpd: row.limit_tpd,
        limitMaxTokens: row.limit_max_tokens,
        ownerVerified: row.owner_verified,
        spendCapMicros: microsOrNull(row.spend_cap_monthly_micros),
        postpaidOverage: row.postpaid_overage,
      };
    },
  };
}

/** pg returns BIGINT as text; caps stay far below 2^53 micros (9 billion PKR). */
function microsOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}
