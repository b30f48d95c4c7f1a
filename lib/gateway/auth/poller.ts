import type { Pool } from "pg";
import { invalidateAccount, invalidateKey, keyCache } from "@/lib/keys/cache";

/**
 * Cross-instance invalidation without Redis: every `intervalMs` (500 ms) read which api_keys and
 * accounts rows changed and evict them from this process's cache, so a key revoked or a plan
 * changed on any instance takes effect here within about a second. Off the hot path; while
 * Postgres is down the poll fails quietly and requests keep being served from the cache.
 *
 * Rows are matched on updated_at (set by Prisma on every change) with a LOOKBACK overlap, so a
 * change committed a little after its updated_at (a slow transaction, a skewed app clock) is
 * still seen. Evicting a row twice only costs one extra lookup.
 */
const LOOKBACK_MS = 5_000;

interface ChangeRow {
  now: Date;
  keys: string[] | null;
  accounts: string[] | null;
}

const SQL = `
SELECT now() AS now,
  (SELECT array_agg(hash) FROM api_keys WHERE updated_at > $1) AS keys,
  (SELECT array_agg(id) FROM accounts WHERE updated_at > $1) AS accounts`;

export class InvalidationPoller {
  private timer: NodeJS.Timeout | null = null;
  private since: Date | null = null;
  private running = false;
  private failing = false;

  constructor(
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

  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const since = this.since
        ? new Date(this.since.getTime() - LOOKBACK_MS)
        : new Date(Date.now() - LOOKBACK_MS);
      const { rows } = await this.pool().query<ChangeRow>(SQL, [since]);
      const row = rows[0];
      const cache = keyCache();
      for (const hash of row.keys ?? []) {
        if (cache.keys.has(hash) || cache.missing.has(hash)) invalidateKey(hash);
      }
      for (const id of row.accounts ?? []) {
        if (cache.accounts.has(id)) invalidateAccount(id);
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
