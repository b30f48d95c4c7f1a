import type { BatchWriter, UsageEventRow } from "./types";

export interface MeterOptions {
  flushMs: number;
  batchSize?: number;
  /** Beyond this many waiting events (a long database outage) the oldest are dropped, loudly. */
  maxQueued?: number;
  log?: (line: string) => void;
}

/**
 * Usage events wait in memory and are written in batches off the hot path: every `flushMs`, or as
 * soon as a full batch is waiting. A failed batch goes back to the front of the queue and is
 * retried with backoff (Postgres down → events wait; ids make retries harmless).
 */
export class UsageMeter {
  private queue: UsageEventRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<boolean> | null = null;
  private kicked = false;
  private failures = 0;
  private retryAt = 0;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly write: BatchWriter,
    private readonly options: MeterOptions,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.maxQueued = options.maxQueued ?? 2_000_000;
    this.log = options.log ?? console.error;
  }

  get pending(): number {
    return this.queue.length;
  }

  record(event: UsageEventRow): void {
    this.queue.push(event);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.log(
        `[metering] queue full: dropped ${dropped.length} usage events (database unreachable?)`,
      );
    }
    if (
      this.queue.length >= this.batchSize &&
      !this.kicked &&
      !this.flushing &&
      Date.now() >= this.retryAt
    ) {
      this.kicked = true;
      setImmediate(() => {
        this.kicked = false;
        void this.flush();
      });
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.queue.length > 0 && Date.now() >= this.retryAt) void this.flush();
    }, this.options.flushMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Write everything waiting now. Resolves false if a batch failed (it stays queued). */
  flush(): Promise<boolean> {
    this.flushing ??= this.writeAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writeAll(): Promise<boolean> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.write(batch);
        this.failures = 0;
        this.retryAt = 0;
      } catch (error) {
        this.queue = batch.concat(this.queue);
        this.failures++;
        this.retryAt = Date.now() + Math.min(100 * 2 ** this.failures, 5_000);
        if (this.failures === 1 || this.failures % 20 === 0) {
          const detail = error instanceof Error ? error.message : String(error);
          this.log(
            `[metering] writing ${batch.length} usage events failed (${detail}); ${this.queue.length} waiting, will retry`,
          );
        }
        return false;
      }
    }
    return true;
  }

  /**
   * Stop the timer and write every queued event, retrying until `timeoutMs` has passed. Returns
   * the events that could not be written (empty when all were).
   */
  async drain(timeoutMs: number): Promise<UsageEventRow[]> {
    this.stop();
    const deadline = Date.now() + timeoutMs;
    while (true) {
      if (this.flushing) await this.flushing;
      if (this.queue.length === 0) return [];
      if (await this.flush()) continue;
      const wait = Math.min(this.retryAt, deadline) - Date.now();
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, wait)));
    }
    const left = this.queue;
    this.queue = [];
    return left;
  }
}
