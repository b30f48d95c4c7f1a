import type { Pool } from "pg";
import type { KeyCache } from "./key-cache";

/**
 * Cross-instance invalidation without Redis: every `intervalMs` (500 ms) read which api_keys and
 * accounts rows changed and evict them from this process's cache, so a key revoked or a plan
 * changed on any instance takes effect here within about a second. Off the hot path; while
 * Postgres is down the poll fails quietly and requests keep being served from the cache.
 *
 * Rows are matched on updated_at (set by Prisma on every change) with a LOOKBACK overlap, so a
 * change committed a little after its updated_at (a slow transaction, a skewed app clock) is
 * still seen. Each row version (its updated_at) is acted on once: without that, a row changed in
 * the last LOOKBACK_MS would be evicted on every poll for 5 s, so a key created (or an account
 * changed) just before a Postgres outage would never make it into the cache.
 */
const LOOKBACK_MS = 5_000;

interface ChangeRow {
  now: Date;
  keys: string[] | null;
  key_ids: string[] | null;
  previous_keys: (string | null)[] | null;
  key_versions: number[] | null;
  accounts: string[] | null;
  account_versions: number[] | null;
}

const VERSION = "(extract(epoch FROM updated_at) * 1000)::float8";
const SQL = `
SELECT now() AS now, k.keys, k.key_ids, k.previous_keys, k.key_versions, a.accounts,
       a.account_versions
FROM (SELECT array_agg(hash) AS keys, array_agg(id) AS key_ids,
             array_agg(previous_hash) AS previous_keys, array_agg(${VERSION}) AS key_versions
        FROM api_keys WHERE updated_at > $1) k,
     (SELECT array_agg(id) AS accounts, array_agg(${VERSION}) AS account_versions
        FROM accounts WHERE updated_at > $1) a`;

export class InvalidationPoller {
  private timer: NodeJS.Timeout | null = null;
  private since: Date | null = null;
  private running = false;
  private failing = false;
  /** "k:hash" / "a:id" → the updated_at (ms) already acted on, for rows inside the lookback. */
  private readonly handled = new Map<string, number>();

  constructor(
    private readonly cache: KeyCache,
    private readonly pool: () => Pool,
    private readonly intervalMs = 500,
    private readonly log: (line: string) => void = console.warn,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private isNew(name: string, version: number): boolean {
    if (this.handled.get(name) === version) return false;
    this.handled.set(name, version);
    return true;
  }

  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const since = this.since
        ? new Date(this.since.getTime() - LOOKBACK_MS)
        : new Date(Date.now() - LOOKBACK_MS);
      const { rows } = await this.pool().query<ChangeRow>(SQL, [since]);
      const row = rows[0];
      const cache = this.cache;
      (row.keys ?? []).forEach((hash, i) => {
        if (!this.isNew(`k:${hash}`, row.key_versions?.[i] ?? 0)) return;
        const id = row.key_ids?.[i] ?? "";
        const previous = row.previous_keys?.[i] ?? null;
        // A rolled key: its new secret may be cached as missing, its older secrets under its id.
        if (
          cached(cache, hash) ||
          (previous !== null && cached(cache, previous)) ||
          hasId(cache, id)
        ) {
          cache.invalidate({ scope: "key", hash, id });
          if (previous !== null) cache.invalidate({ scope: "key", hash: previous });
        }
      });
      (row.accounts ?? []).forEach((id, i) => {
        if (!this.isNew(`a:${id}`, row.account_versions?.[i] ?? 0)) return;
        if (cache.accounts.has(id)) cache.invalidate({ scope: "account", id });
      });
      // Versions older than the next poll's window will not come back: forget them.
      const forgetBefore = row.now.getTime() - LOOKBACK_MS;
      for (const [name, version] of this.handled) {
        if (version < forgetBefore) this.handled.delete(name);
      }
      this.since = row.now;
      if (this.failing) this.log("[gateway] key invalidation poller reconnected");
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const detail = error instanceof Error ? error.message : String(error);
        this.log(`[gateway] key invalidation poll failed (${detail}); serving keys from cache`);
      }
      this.failing = true;
    } finally {
      this.running = false;
    }
  }
}

function cached(cache: KeyCache, hash: string): boolean {
  return cache.keys.has(hash) || cache.missing.has(hash);
}

/** Some secret of this key is cached (changed rows only, so the scan stays off the hot path). */
function hasId(cache: KeyCache, id: string): boolean {
  for (const key of cache.keys.values()) if (key.id === id) return true;
  return false;
}
