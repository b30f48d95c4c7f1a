import { effectiveLimits, type Limits } from "@/lib/plans/plans";
import { GatewayError } from "../errors";
import type { GatewayRequest } from "../http/types";
import { extractKey } from "./extract";
import type { CachedAccount, CachedKey, KeyCache } from "./key-cache";
import { KeyHashes } from "./key-hashes";
import type { KeyPolicy } from "./key-policy";
import type { KeySource } from "./lookup";

/** Who is calling, as every later step needs it. */
export interface Principal {
  keyId: string;
  accountId: string;
  planId: string;
  /** The plan version the account is held to (null: a default plan with no stored version). */
  planVersionId: string | null;
  rank: number;
  limits: Limits;
  /** The models the plan may call; null = every model its rank reaches. */
  models: ReadonlySet<string> | null;
  /** The models the key's scope allows (within the plan's); null = no key scope. */
  keyModels: ReadonlySet<string> | null;
  /** The key's scopes, own limits and IP allowlist (key-policy.ts); null: none. */
  policy: KeyPolicy | null;
  /** The plan version lets usage past the daily allowance continue as billed overage. */
  overageAllowed: boolean;
  /** What the account may spend past its allowance (lib/gateway/credit). */
  spend: SpendSettings;
}

export interface SpendSettings {
  /** Monthly caps on charged spend, micro-rupees; null: none. */
  accountCapMicros: number | null;
  keyCapMicros: number | null;
  /** Postpaid overage on, and the plan a paid one. */
  postpaid: boolean;
}

/**
 * A 403 for a key we know (revoked, expired, or its account suspended): the refusal is still
 * metered against that account (unbilled), like every other rejected call.
 */
export class RefusedKeyError extends GatewayError {
  constructor(
    message: string,
    code: string,
    readonly owner: { accountId: string; keyId: string },
  ) {
    super(403, message, { code });
  }
}

function principalOf(
  key: CachedKey,
  account: CachedAccount,
  requireVerifiedEmail: boolean,
): Principal {
  const owner = { accountId: account.id, keyId: key.id };
  if (account.status !== "active") {
    throw new RefusedKeyError("This account is suspended.", "account_suspended", owner);
  }
  if (requireVerifiedEmail && !account.ownerVerified) {
    throw new RefusedKeyError(
      "Verify your email address before using this key: open the link we emailed you (the portal can send it again).",
      "email_not_verified",
      owner,
    );
  }
  const plan = account.terms;
  const policy = key.policy ?? null;
  return {
    keyId: key.id,
    accountId: account.id,
    planId: plan.id,
    planVersionId: plan.versionId,
    rank: plan.rank,
    limits: effectiveLimits(account, plan.limits),
    models: plan.models,
    keyModels: policy?.models ?? null,
    policy,
    spend: {
      accountCapMicros: account.spendCapMicros ?? null,
      keyCapMicros: key.spendCapMicros ?? null,
      // Overage is billed with the subscription: only a plan version that allows it.
      postpaid: account.postpaidOverage === true && plan.overageAllowed,
    },
    overageAllowed: plan.overageAllowed,
  };
}

function invalidKey(message: string): GatewayError {
  return new GatewayError(401, message, { type: "invalid_request_error", code: "invalid_api_key" });
}

function unavailable(): GatewayError {
  return new GatewayError(503, "Key verification is temporarily unavailable; try again shortly.", {
    type: "server_error",
    code: "service_unavailable",
  });
}

/**
 * Key → principal. A malformed key is refused before any lookup; a known key comes from the
 * in-memory cache (no database round trip in steady state); concurrent misses for one key share
 * one query.
 */
export class Authenticator {
  private readonly keyLoads = new Map<string, Promise<CachedKey | null>>();
  private readonly accountLoads = new Map<string, Promise<CachedAccount | null>>();
  private readonly hashes = new KeyHashes();

  /** requireVerifiedEmail: keys of an account whose owner has not verified their email get 403. */
  constructor(
    private readonly cache: KeyCache,
    private readonly source: KeySource,
    private readonly requireVerifiedEmail = false,
  ) {}

  /**
   * The principal for the request's key: at once (no promise) when the key and its account are
   * cached, the steady state; otherwise after the database lookup. Refusals throw.
   */
  authenticate(request: GatewayRequest, now: number): Principal | Promise<Principal> {
    const key = extractKey(request);
    if (!key) {
      throw invalidKey(
        "You didn't provide an API key. Send it as `Authorization: Bearer <key>` or `X-API-Key`.",
      );
    }
    const hash = this.hashes.of(key);
    if (hash === null) throw invalidKey("Incorrect API key provided.");
    const cached = this.cache.key(hash);
    if (cached === "missing") throw invalidKey("Incorrect API key provided.");
    if (cached) {
      refuseIfRevokedOrExpired(cached, now);
      if (cached.policy?.allowlist) refuseIfOutsideAllowlist(cached, request);
      const account = this.cache.account(cached.accountId);
      if (account) return principalOf(cached, account, this.requireVerifiedEmail);
    }
    return this.authenticateFromDatabase(hash, request, now);
  }

  private async authenticateFromDatabase(
    hash: string,
    request: GatewayRequest,
    now: number,
  ): Promise<Principal> {
    const found = this.cache.key(hash) ?? (await this.loadKey(hash)) ?? "missing";
    if (found === "missing") throw invalidKey("Incorrect API key provided.");
    refuseIfRevokedOrExpired(found, now);
    if (found.policy?.allowlist) refuseIfOutsideAllowlist(found, request);
    const account =
      this.cache.account(found.accountId) ?? (await this.loadAccount(found.accountId));
    if (!account) throw invalidKey("Incorrect API key provided.");
    return principalOf(found, account, this.requireVerifiedEmail);
  }

  private loadKey(hash: string): Promise<CachedKey | null> {
    let load = this.keyLoads.get(hash);
    if (!load) {
      const epoch = this.cache.epoch;
      load = this.source
        .keyByHash(hash)
        .then((key) => {
          this.cache.storeKey(hash, key, epoch);
          return key;
        })
        .catch(() => {
          throw unavailable();
        })
        .finally(() => this.keyLoads.delete(hash));
      this.keyLoads.set(hash, load);
    }
    return load;
  }

  private loadAccount(id: string): Promise<CachedAccount | null> {
    let load = this.accountLoads.get(id);
    if (!load) {
      const epoch = this.cache.epoch;
      load = this.source
        .account(id)
        .then((account) => {
          if (account) this.cache.storeAccount(account, epoch);
          return account;
        })
        .catch(() => {
          throw unavailable();
        })
        .finally(() => this.accountLoads.delete(id));
      this.accountLoads.set(id, load);
    }
    return load;
  }
}

/**
 * A revoked or expired key is refused, its event still attributed to its account (403). The old
 * secret of a rolled key stops at the end of its overlap, from the cache too (its own expiry).
 */
function refuseIfRevokedOrExpired(found: CachedKey, now: number): void {
  if (found.secretExpiresAt != null && found.secretExpiresAt <= now) {
    throw invalidKey("This secret was replaced when the key was rolled: use the new one.");
  }
  const owner = { accountId: found.accountId, keyId: found.id };
  if (found.revokedAt !== null && found.revokedAt <= now) {
    throw new RefusedKeyError("This API key has been revoked.", "api_key_revoked", owner);
  }
  if (found.expiresAt !== null && found.expiresAt <= now) {
    throw new RefusedKeyError("This API key has expired.", "api_key_expired", owner);
  }
}

/** A key with an IP allowlist works only from inside it (the client address, trusted-proxies.ts). */
function refuseIfOutsideAllowlist(found: CachedKey, request: GatewayRequest): void {
  const address = request.clientIp();
  if (found.policy?.allowlist?.allows(address)) return;
  throw new RefusedKeyError(
    `This API key may not be used from ${address}: add it to the key's IP allowlist.`,
    "ip_not_allowed",
    { accountId: found.accountId, keyId: found.id },
  );
}
