import type { Pool } from "pg";
import { FIRE_NEW_ALERTS } from "@/lib/webhooks/fire-sql";
import type { Crossing } from "./thresholds";

/**
 * Turns threshold crossings into alerts off the hot path: crossings wait in memory and are
 * written in one statement per flush, which inserts the alert_marks row (account, kind,
 * threshold, day) and — only where that row is new — the account event and its pending webhook
 * deliveries. The primary key makes an alert fire once per threshold per day across every
 * instance; the web process's worker (lib/webhooks/worker.ts) mails and sends it.
 */
const SQL = `
WITH input AS (
  SELECT account_id, kind, threshold, period, 'usage.threshold_reached' AS type, payload
    FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[])
      AS t(account_id, kind, threshold, period, payload)),
${FIRE_NEW_ALERTS}`;

const WINDOW_NAMES = {
  "requests-day": "requests_per_day",
  "tokens-day": "tokens_per_day",
} as const;

export class AlertQueue {
  private pending = new Map<string, Crossing>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly pool: () => Pool,
    private readonly intervalMs = 1_000,
    private readonly log: (line: string) => void = console.warn,
  ) {}

  /** Called on the hot path: a Map insert, nothing more. */
  add(crossings: readonly Crossing[]): void {
    for (const c of crossings)
      this.pending.set(`${c.accountId}|${c.kind}|${c.percent}|${c.day}`, c);
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

  /** Write what is queued; returns how many alerts fired (were new). Failed batches are kept. */
  flush(): Promise<number> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch.values()];
    try {
      const result = await this.pool().query<{ fired: number }>(SQL, [
        rows.map((c) => c.accountId),
        rows.map((c) => c.kind),
        rows.map((c) => c.percent),
        rows.map((c) => c.day),
        rows.map((c) =>
          JSON.stringify({
            window: WINDOW_NAMES[c.kind],
            percent: c.percent,
            limit: c.limit,
            used: c.used,
            day: c.day,
          }),
        ),
      ]);
      return result.rows[0]?.fired ?? 0;
    } catch (error) {
      for (const [key, c] of batch) if (!this.pending.has(key)) this.pending.set(key, c);
      this.log(`[alerts] could not write threshold alerts yet: ${String(error)}`);
      return 0;
    }
  }
}
