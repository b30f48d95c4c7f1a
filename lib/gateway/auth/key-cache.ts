import type { Limits } from "@/lib/plans/plans";
import type { KeyPolicy } from "./key-policy";

/**
 * The gateway's in-memory cache of API keys and accounts: it lets a request authenticate without
 * a database round trip. One per gateway, owned by it; code outside the gateway process changes
 * it only through the GatewayControl contract (lib/gateway/control.ts).
 *
 * Keys are cached by hash, positive and negative (unknown hashes, bounded and short-lived, so a
 * flood of well-formed made-up keys cannot grow memory or hammer Postgres). Accounts are cached
 * separately, so a plan change evicts one entry and every key of the account sees it.
 */

export interface CachedKey {
  id: string;
  accountId: string;
  /** Unix ms, or null. */
  revokedAt: number | null;
  expiresAt: number | null;
  /** The customer's monthly spend cap for this key, micro-rupees (null: none). */
  spendCapMicros?: number | null;
  /**
   * Unix ms when this secret stops working though the key goes on (the old secret of a rolled
   * key, cached under its own hash); null or absent: the key's current secret.
   */
  secretExpiresAt?: number | null;
  /** Scopes, per-key limits, IP allowlist; null or absent: none (nothing to check). */
  policy?: KeyPolicy | null;
}

/** The plan version an account is held to, read with the account (no extra round trip). */
export interface CachedPlan {
  /** The plan's slug; rank and limits of its version; null models = every model the rank reaches. */
  id: string;
  versionId: string | null;
  rank: number;
  limits: Limits;
  models: ReadonlySet<string> | null;
  /** Usage past the daily allowance may continue as billed overage (paid plans). */
  overageAllowed: boolean;
}

export interface CachedAccount {
  id: string;
  plan: string;
  terms: CachedPlan;
  status: "active" | "suspended";
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  limitMaxTokens: number | null;
  /** Every owner of the account has verified their email (see DARWAZA_REQUIRE_EMAIL_VERIFICATION). */
  ownerVerified: boolean;
  /** The customer's monthly spend cap for the account, micro-rupees (null: none). */
  spendCapMicros?: number | null;
  /** Postpaid overage turned on (honoured on paid plans only). */
  postpaidOverage?: boolean;
}

/**
 * An invalidation: one key (by a hash; with its id, every secret cached for it, e.g. both of a
 * rolled key), one account (and its keys), or everything.
 */
export type CacheChange =
  | { scope: "key"; hash: string; id?: string }
  | { scope: "account"; id: string }
  | { scope: "all" };

const NEGATIVE_TTL_MS = 30_000;
const MAX_NEGATIVE = 10_000;

export class KeyCache {
  readonly keys = new Map<string, CachedKey>();
  /** hash → time it was found missing. */
  readonly missing = new Map<string, number>();
  readonly accounts = new Map<string, CachedAccount>();
  /** Bumped by every invalidation: a lookup that started before one must not store its result. */
  epoch = 0;

  key(hash: string): CachedKey | "missing" | undefined {
    const found = this.keys.get(hash);
    if (found) return found;
    const missingSince = this.missing.get(hash);
    if (missingSince === undefined) return undefined;
    if (Date.now() - missingSince < NEGATIVE_TTL_MS) return "missing";
    this.missing.delete(hash);
    return undefined;
  }

  account(id: string): CachedAccount | undefined {
    return this.accounts.get(id);
  }

  /** Store lookup results, unless an invalidation happened since the lookup began. */
  storeKey(hash: string, key: CachedKey | null, epoch: number): void {
    if (this.epoch !== epoch) return;
    if (key) {
      this.keys.set(hash, key);
      this.missing.delete(hash);
      return;
    }
    if (this.missing.size >= MAX_NEGATIVE) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let drop = MAX_NEGATIVE / 10;
      for (const old of this.missing.keys()) {
        this.missing.delete(old);
        if (--drop <= 0) break;
      }
    }
    this.missing.set(hash, Date.now());
  }

  storeAccount(account: CachedAccount, epoch: number): void {
    if (this.epoch === epoch) this.accounts.set(account.id, account);
  }

  /**
   * Forget a key, or an account and every cached key that belongs to it, or everything, so the
   * next request reads them fresh. Other instances learn of it from the poller.
   */
  invalidate(change: CacheChange): void {
    this.epoch++;
    if (change.scope === "key") {
      this.keys.delete(change.hash);
      this.missing.delete(change.hash);
      if (change.id !== undefined) {
        for (const [hash, key] of this.keys) if (key.id === change.id) this.keys.delete(hash);
      }
    } else if (change.scope === "account") {
      this.accounts.delete(change.id);
      for (const [hash, key] of this.keys) {
        if (key.accountId === change.id) this.keys.delete(hash);
      }
    } else {
      this.keys.clear();
      this.missing.clear();
      this.accounts.clear();
    }
  }
}
