import type { UsageSeed } from "./seed";
import {
  type Admission,
  type AdmissionRequest,
  type Limiter,
  MINUTE_MS,
  type Ticket,
  type WindowState,
} from "./types";
import { divideLimits, windowsFrom } from "./windows";

interface AccountCounters {
  /** Admission times within the last minute (a sliding log: exact, no window-edge bursts). */
  minute: number[];
  head: number;
  day: string;
  requests: number;
  tokens: number;
}

export type MemoryLimiterState = Map<string, AccountCounters>;

export function newMemoryLimiterState(): MemoryLimiterState {
  return new Map();
}

/**
 * Exact limits inside one process: every decision runs to its end without awaiting, so
 * concurrent requests cannot interleave between the check and the count. `instances` divides the limits (used as the
 * fallback while Redis is unreachable, so N instances together stay within the plan).
 */
export class MemoryLimiter implements Limiter {
  constructor(
    private readonly state: MemoryLimiterState = newMemoryLimiterState(),
    private readonly instances = 1,
  ) {}

  private counters(accountId: string, day: string, now: number): AccountCounters {
    let counters = this.state.get(accountId);
    if (!counters) {
      counters = { minute: [], head: 0, day, requests: 0, tokens: 0 };
      this.state.set(accountId, counters);
    }
    if (counters.day !== day) {
      counters.day = day;
      counters.requests = 0;
      counters.tokens = 0;
    }
    const cutoff = now - MINUTE_MS;
    const log = counters.minute;
    while (counters.head < log.length && log[counters.head] <= cutoff) counters.head++;
    if (counters.head > 64 && counters.head * 2 > log.length) {
      counters.minute = log.slice(counters.head);
      counters.head = 0;
    }
    return counters;
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    const limits = divideLimits(request.limits, this.instances);
    const { now, dayEndMs } = request;
    const c = this.counters(request.accountId, request.day, now);
    const minuteCount = c.minute.length - c.head;
    const oldestMs = minuteCount > 0 ? c.minute[c.head] : 0;
    const counts = { minuteCount, oldestMs, dayRequests: c.requests, dayTokens: c.tokens };
    const reject = (
      reason: "requests-minute" | "requests-day" | "tokens-day",
      retryAt: number,
    ) => ({
      ok: false as const,
      reason,
      retryAfterMs: Math.max(0, retryAt - now),
      windows: windowsFrom(limits, counts, now, dayEndMs),
    });
    if (limits.requestsPerMinute !== null && minuteCount >= limits.requestsPerMinute) {
      return reject("requests-minute", oldestMs + MINUTE_MS);
    }
    if (limits.requestsPerDay !== null && c.requests >= limits.requestsPerDay) {
      return reject("requests-day", dayEndMs);
    }
    let grantedOutput = request.tokens?.maxOutput ?? 0;
    if (request.tokens && limits.tokensPerDay !== null) {
      const left = limits.tokensPerDay - c.tokens - request.tokens.prompt;
      if (left < 1) return reject("tokens-day", dayEndMs);
      grantedOutput = Math.min(grantedOutput, left);
    }
    const reserved = request.tokens ? request.tokens.prompt + grantedOutput : 0;
    if (limits.requestsPerMinute !== null) c.minute.push(now);
    c.requests++;
    c.tokens += reserved;
    const after = {
      minuteCount: c.minute.length - c.head,
      oldestMs: c.minute.length > c.head ? c.minute[c.head] : 0,
      dayRequests: c.requests,
      dayTokens: c.tokens,
    };
    const ticket: Ticket = {
      accountId: request.accountId,
      day: request.day,
      reserved,
      backend: "memory",
    };
    return { ok: true, grantedOutput, windows: windowsFrom(limits, after, now, dayEndMs), ticket };
  }

  async settle(ticket: Ticket, usedTokens: number): Promise<void> {
    const counters = this.state.get(ticket.accountId);
    // A reservation from a day that has since rolled over has nothing left to correct.
    if (!counters || counters.day !== ticket.day) return;
    counters.tokens = Math.max(0, counters.tokens + usedTokens - ticket.reserved);
  }

  async peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]> {
    const limits = divideLimits(request.limits, this.instances);
    const c = this.counters(request.accountId, request.day, request.now);
    const minuteCount = c.minute.length - c.head;
    const counts = {
      minuteCount,
      oldestMs: minuteCount > 0 ? c.minute[c.head] : 0,
      dayRequests: c.requests,
      dayTokens: c.tokens,
    };
    return windowsFrom(limits, counts, request.now, request.dayEndMs);
  }

  /**
   * Add what an earlier process of this instance counted (PostgreSQL's usage, seed.ts) to what
   * this one has counted since it started.
   */
  seed(seeds: readonly UsageSeed[], day: string, now: number): void {
    for (const seed of seeds) {
      const c = this.counters(seed.accountId, day, now);
      c.requests += seed.requests;
      c.tokens += seed.tokens;
      const recent = seed.minute.filter((at) => at > now - MINUTE_MS);
      if (recent.length === 0) continue;
      c.minute = [...recent, ...c.minute.slice(c.head)].sort((a, b) => a - b);
      c.head = 0;
    }
  }

  async close(): Promise<void> {}
}
