import type { Pool } from "pg";
import type { PriceBook } from "./book";
import { loadPriceBook, SIGNATURE_SQL } from "./load";

/**
 * Keep a PriceBook fresh on every instance within about a poll interval of a change, off the hot
 * path (lib/gateway/store/poller.ts's pattern): a cheap signature query, a full reload only when
 * it changed. While PostgreSQL is down the last book stays in force.
 */
export class PriceBookPoller {
  private timer: NodeJS.Timeout | null = null;
  private signature: string | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly book: PriceBook,
    private readonly pool: () => Pool,
    private readonly intervalMs = 500,
    private readonly log: (line: string) => void = console.warn,
  ) {}

  /** Start polling; the returned promise settles after the first read (never rejects). */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return this.poll();
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
      const { rows } = await this.pool().query<{ signature: string }>(SIGNATURE_SQL);
      const signature = rows[0].signature;
      if (signature !== this.signature) {
        this.book.replace(await loadPriceBook(this.pool()));
        this.signature = signature;
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const detail = error instanceof Error ? error.message : String(error);
        this.log(`[pricing] price book reload failed (${detail}); keeping the current prices`);
      }
      this.failing = true;
    }
  }
}
