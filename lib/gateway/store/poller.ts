import type { Pool } from "pg";

/**
 * Reload admin-edited routing (upstreams, custom endpoints) on every instance within about a
 * second: a cheap poll of each table's max(updated_at) and row count (the count catches deletes),
 * and a reload only when that signature changed. While Postgres is down the last routing stays.
 */
const SQL = `
SELECT (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM upstreams)
    || '|' || (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM custom_endpoints)
    AS signature`;

export class RoutingPoller {
  private timer: NodeJS.Timeout | null = null;
  private signature: string | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly pool: () => Pool,
    private readonly reload: () => Promise<void>,
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

  /** Check once (and reload if changed); concurrent callers share one check. */
  poll(): Promise<void> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(): Promise<void> {
    try {
      const { rows } = await this.pool().query<{ signature: string }>(SQL);
      const signature = rows[0].signature;
      if (signature !== this.signature) {
        await this.reload();
        this.signature = signature;
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const detail = error instanceof Error ? error.message : String(error);
        this.log(`[gateway] routing reload failed (${detail}); keeping the current routing`);
      }
      this.failing = true;
    }
  }
}
