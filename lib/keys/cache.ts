/**
 * The in-memory cache of API keys and accounts that lets the gateway authenticate without a
 * database round trip. It lives on globalThis because a custom server and the Next bundle load
 * this module separately in one process (see NOTES, "a trap with a custom server"). Under
 * `npm start` the gateway reads it in the gateway process, and the dashboards change keys in the
 * web process, which forwards each invalidation there (lib/server/gateway-link.ts).
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
}

export interface CachedAccount {
  id: string;
  plan: string;
  status: "active" | "suspended";
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  limitMaxTokens: number | null;
  /** Every owner of the account has verified their email (see DARWAZA_REQUIRE_EMAIL_VERIFICATION). */
  ownerVerified: boolean;
}

const NEGATIVE_TTL_MS = 30_000;
const MAX_NEGATIVE = 10_000;

interface KeyCacheState {
  keys: Map<string, CachedKey>;
  /** hash → time it was found missing. */
  missing: Map<string, number>;
  accounts: Map<string, CachedAccount>;
  /** Bumped by every invalidation: a lookup that started before one must not store its result. */
  epoch: number;
  /**
   * Told of every invalidation made here, in the web process (server/web.ts): it passes them to
   * the gateway process, whose cache is the one requests read.
   */
  forward?: (change: CacheChange) => void;
}

/** An invalidation, as the web process passes it to the gateway process. */
export type CacheChange =
  | { scope: "key"; hash: string }
  | { scope: "account"; id: string }
  | { scope: "all" };

const KEY = Symbol.for("darwaza.keys.cache");
type Holder = { [KEY]?: KeyCacheState };

export function keyCache(): KeyCacheState {
  const holder = globalThis as Holder;
  holder[KEY] ??= { keys: new Map(), missing: new Map(), accounts: new Map(), epoch: 0 };
  return holder[KEY];
}

export function cachedKey(hash: string): CachedKey | "missing" | undefined {
  const cache = keyCache();
  const found = cache.keys.get(hash);
  if (found) return found;
  const missingSince = cache.missing.get(hash);
  if (missingSince === undefined) return undefined;
  if (Date.now() - missingSince < NEGATIVE_TTL_MS) return "missing";
  cache.missing.delete(hash);
  return undefined;
}

export function cachedAccount(id: string): CachedAccount | undefined {
  return keyCache().accounts.get(id);
}

export function currentEpoch(): number {
  return keyCache().epoch;
}

/** Store lookup results, unless an invalidation happened since the lookup began. */
export function storeKey(hash: string, key: CachedKey | null, epoch: number): void {
  const cache = keyCache();
  if (cache.epoch !== epoch) return;
  if (key) {
    cache.keys.set(hash, key);
    cache.missing.delete(hash);
    return;
  }
  if (cache.missing.size >= MAX_NEGATIVE) {
    // Maps iterate in insertion order: drop the oldest tenth.
    let drop = MAX_NEGATIVE / 10;
    for (const old of cache.missing.keys()) {
      cache.missing.delete(old);
      if (--drop <= 0) break;
    }
  }
  cache.missing.set(hash, Date.now());
}

export function storeAccount(account: CachedAccount, epoch: number): void {
  const cache = keyCache();
  if (cache.epoch === epoch) cache.accounts.set(account.id, account);
}

/** Forget one key (after creating, revoking or expiring it). Call it in the process that changed it. */
export function invalidateKey(hash: string): void {
  const cache = keyCache();
  cache.epoch++;
  cache.keys.delete(hash);
  cache.missing.delete(hash);
  cache.forward?.({ scope: "key", hash });
}

/**
 * Forget an account (after a plan, limit or status change) and every cached key that belongs to
 * it, so the next request reads both fresh. Other instances learn of it from the poller.
 */
export function invalidateAccount(accountId: string): void {
  const cache = keyCache();
  cache.epoch++;
  cache.accounts.delete(accountId);
  for (const [hash, key] of cache.keys) {
    if (key.accountId === accountId) cache.keys.delete(hash);
  }
  cache.forward?.({ scope: "account", id: accountId });
}

export function invalidateAll(): void {
  const cache = keyCache();
  cache.epoch++;
  cache.keys.clear();
  cache.missing.clear();
  cache.accounts.clear();
  cache.forward?.({ scope: "all" });
}

/** Apply an invalidation made in another process of this instance (see `forward`). */
export function applyCacheChange(change: CacheChange): void {
  if (change.scope === "key") invalidateKey(change.hash);
  else if (change.scope === "account") invalidateAccount(change.id);
  else invalidateAll();
}

/** From now on, pass every invalidation made in this process to `forward` as well. */
export function forwardCacheChanges(forward: (change: CacheChange) => void): void {
  keyCache().forward = forward;
}
