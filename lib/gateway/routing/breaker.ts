/**
 * A circuit breaker and running stats for one upstream, in this process's memory: each gateway
 * instance learns an upstream's health from its own calls (no coordination needed, and a broken
 * upstream is found by every instance within `failureThreshold` calls).
 *
 * closed → (failureThreshold consecutive failures) → open → (cooldownMs) → half-open: one probe
 * call passes; its success closes the circuit, its failure opens it for another cooldown.
 */
export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 10_000 };

export type CircuitState = "closed" | "open" | "half-open";

/** Outcomes kept for the error rate and latency shown in the admin status view. */
const WINDOW = 100;

export interface UpstreamStats {
  state: CircuitState;
  consecutiveFailures: number;
  calls: number;
  /** Share of failed calls among the last WINDOW. */
  errorRate: number;
  /** Mean latency of the last WINDOW successful calls, ms (0 when none). */
  latencyMs: number;
  lastError: string | null;
  openedAt: number | null;
}

export class UpstreamHealth {
  private state: CircuitState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private calls = 0;
  private readonly outcomes: boolean[] = [];
  private readonly latencies: number[] = [];
  private lastError: string | null = null;

  constructor(private readonly options: BreakerOptions = DEFAULT_BREAKER) {}

  /** Whether a call may go to this upstream now (claims the half-open probe when due). */
  tryPass(now = Date.now()): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open" && now - this.openedAt >= this.options.cooldownMs) {
      this.state = "half-open";
      this.probing = false;
    }
    if (this.state === "half-open" && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  /** Whether a call could pass now, without claiming anything (ordering, status view). */
  isAvailable(now = Date.now()): boolean {
    if (this.state === "closed") return true;
    if (this.state === "open") return now - this.openedAt >= this.options.cooldownMs;
    return !this.probing;
  }

  success(latencyMs: number): void {
    this.state = "closed";
    this.failures = 0;
    this.probing = false;
    this.push(true);
    this.latencies.push(latencyMs);
    if (this.latencies.length > WINDOW) this.latencies.shift();
  }

  /** A call that ended without telling anything about the upstream (the client left): free the probe. */
  abandon(): void {
    this.probing = false;
  }

  failure(reason: string, now = Date.now()): void {
    this.failures++;
    this.lastError = reason;
    this.push(false);
    if (this.state === "half-open" || this.failures >= this.options.failureThreshold) {
      this.state = "open";
      this.openedAt = now;
      this.probing = false;
    }
  }

  stats(now = Date.now()): UpstreamStats {
    const failed = this.outcomes.filter((ok) => !ok).length;
    const latency = this.latencies.reduce((sum, ms) => sum + ms, 0);
    const state =
      this.state === "open" && now - this.openedAt >= this.options.cooldownMs
        ? "half-open"
        : this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      calls: this.calls,
      errorRate: this.outcomes.length ? failed / this.outcomes.length : 0,
      latencyMs: this.latencies.length ? Math.round(latency / this.latencies.length) : 0,
      lastError: this.lastError,
      openedAt: this.state === "closed" ? null : this.openedAt,
    };
  }

  private push(ok: boolean): void {
    this.calls++;
    this.outcomes.push(ok);
    if (this.outcomes.length > WINDOW) this.outcomes.shift();
  }
}
