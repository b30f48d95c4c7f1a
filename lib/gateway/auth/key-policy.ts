import { IpAllowlist } from "@/lib/keys/ip-allowlist";
import { GatewayError } from "../errors";

/** A key's own request limits (each at most the plan's: both are checked in one limiter step). */
export interface KeyLimits {
  requestsPerMinute: number | null;
  requestsPerDay: number | null;
  tokensPerDay: number | null;
}

/**
 * What one key may do beyond its account's plan: read from its row with the key, cached with it,
 * so every check below runs from memory. A key without any of them has no policy (null), and the
 * hot path skips every check.
 */
export interface KeyPolicy {
  /** Models it may call; null: every model the plan allows. */
  models: ReadonlySet<string> | null;
  /** usage_events endpoint names it may call; null: every endpoint. */
  endpoints: ReadonlySet<string> | null;
  /** A usage key: GET /usage and /models only. */
  readOnly: boolean;
  limits: KeyLimits | null;
  allowlist: IpAllowlist | null;
}

export interface KeyPolicyRow {
  allowed_models: string[] | null;
  allowed_endpoints: string[] | null;
  read_only: boolean;
  limit_rpm: number | null;
  limit_rpd: number | null;
  limit_tpd: number | null;
  ip_allowlist: string[] | null;
}

/** The columns policyOf reads, for the lookup's SELECT. */
export const KEY_POLICY_COLUMNS =
  "allowed_models, allowed_endpoints, read_only, limit_rpm, limit_rpd, limit_tpd, ip_allowlist";

function setOf(values: string[] | null): ReadonlySet<string> | null {
  return values && values.length > 0 ? new Set(values) : null;
}

export function policyOf(row: KeyPolicyRow): KeyPolicy | null {
  const limited = row.limit_rpm !== null || row.limit_rpd !== null || row.limit_tpd !== null;
  const policy: KeyPolicy = {
    models: setOf(row.allowed_models),
    endpoints: setOf(row.allowed_endpoints),
    readOnly: row.read_only,
    limits: limited
      ? {
          requestsPerMinute: row.limit_rpm,
          requestsPerDay: row.limit_rpd,
          tokensPerDay: row.limit_tpd,
        }
      : null,
    allowlist:
      row.ip_allowlist && row.ip_allowlist.length > 0 ? new IpAllowlist(row.ip_allowlist) : null,
  };
  const any =
    policy.models || policy.endpoints || policy.readOnly || policy.limits || policy.allowlist;
  return any ? policy : null;
}

/** The endpoints a read-only (usage) key may call, all of them GETs. */
const READ_ONLY_ENDPOINTS = new Set(["usage", "models"]);

/** 403 when the key's scopes do not cover this endpoint (checked before the body is read). */
export function checkEndpoint(policy: KeyPolicy, endpoint: string, method: string): void {
  if (policy.readOnly && (method !== "GET" || !READ_ONLY_ENDPOINTS.has(endpoint))) {
    throw new GatewayError(
      403,
      "This API key is read-only: it may call GET /v1/usage and /v1/models only.",
      { type: "permission_error", code: "key_read_only" },
    );
  }
  if (policy.endpoints !== null && !policy.endpoints.has(endpoint)) {
    throw new GatewayError(403, `This API key is not allowed to call ${endpoint}.`, {
      type: "permission_error",
      code: "endpoint_not_allowed_for_key",
    });
  }
}
