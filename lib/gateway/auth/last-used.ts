import type { Pool } from "pg";

/**
 * api_keys.last_used_at and last_used_ip (from where), updated in one batched statement every few
 * seconds instead of once per request. Plain SQL leaves updated_at alone, so these writes don't
 * trigger cache evictions.
 */
const SQL = `
UPDATE api_keys AS k SET last_used_at = v.at, last_used_ip = v.ip
FROM (SELECT unnest($1::text[]) AS id,
             timestamptz 'epoch' + unnest($2::bigint[]) * interval '1 millisecond' AS at,
             unnest($3::text[]) AS ip) AS v
WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at <= v.at)`;

export class LastUsedTracker {
  private seen = new Map<string, number>();
  /** The address of each key's latest use in this batch. */
  private from = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: () => Pool,
    private readonly intervalMs = 5_000,
  ) {}

  touch(keyId: string, at: number, ip: string): void {
    this.seen.set(keyId, at);
    this.from.set(keyId, ip);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async flush(): Promise<void> {
    if (this.seen.size === 0) return;
    const batch = this.seen;
    const from = this.from;
    this.seen = new Map();
    this.from = new Map();
    const ids = [...batch.keys()];
    try {
      await this.pool().query(SQL, [
        ids,
        [...batch.values()],
        ids.map((id) => from.get(id) ?? null),
      ]);
    } catch {
      // Keep them for the next try; newer uses win.
      for (const [id, at] of batch) {
        if (this.seen.has(id)) continue;
        this.seen.set(id, at);
        this.from.set(id, from.get(id) ?? "unknown");
      }
    }
  }
}
