import type { Pool } from "pg";

export interface SignaturePollerOptions {
  pool: () => Pool;
  /** One row, one `signature` column that changes whenever the data does. */
  signatureSql: string;
  /** Read the data again (called when the signature changed, and on the first poll). */
  reload: () => Promise<void>;
  intervalMs?: number;
  /** The failure line, given the error's message; logged once per outage. */
  failure: (detail: string) => string;
  log?: (line: string) => void;
}

/**
 * Keep data that admins edit fresh on every instance within about a poll interval, off the hot
 * path: a cheap signature query, a full reload only when it changed. While PostgreSQL is down the
 * last data stays in force.
 */
export class SignaturePoller {
  private timer: NodeJS.Timeout | null = null;
  private signature: string | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(private readonly options: SignaturePollerOptions) {}

  /** Start polling; the returned promise settles after the first check (never rejects). */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 500);
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
    const { pool, signatureSql, reload, failure, log = console.warn } = this.options;
    try {
      const { rows } = await pool().query<{ signature: string }>(signatureSql);
      const signature = rows[0].signature;
      if (signature !== this.signature) {
        await reload();
        this.signature = signature;
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) log(failure(error instanceof Error ? error.message : String(error)));
      this.failing = true;
    }
  }
}
