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

  /** A key's own counters live beside the accounts' (ids are cuids: no clash with the prefix). */
  private keyCounters(keyId: string, day: string, now: number): AccountCounters {
    return this.counters(`key:${keyId}`, day, now);
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    const limits = divideLimits(request.limits, this.instances);
    const { now, dayEndMs } = request;
    const c = this.counters(request.accountId, request.day, now);
    const key = request.key
      ? {
          id: request.key.id,
          limits: divideLimits(request.key.limits, this.instances),
          c: this.keyCounters(request.key.id, request.day, now),
        }
      : null;
    const countsOf = (x: AccountCounters) => ({
      minuteCount: x.minute.length - x.head,
      oldestMs: x.minute.length > x.head ? x.minute[x.head] : 0,
      dayRequests: x.requests,
      dayTokens: x.tokens,
    });
    const windows = () => {
      const out = windowsFrom(limits, countsOf(c), now, dayEndMs);
      if (key) out.push(...windowsFrom(key.limits, countsOf(key.c), now, dayEndMs));
      return out;
    };
    const reject = (
      reason: "requests-minute" | "requests-day" | "tokens-day",
      scope: "account" | "key",
      retryAt: number,
    ) => ({
      ok: false as const,
      reason,
      scope,
      retryAfterMs: Math.max(0, retryAt - now),
      windows: windows(),
    });
    // Every window is checked before anything is counted: no await in between (atomic).
    const scopes = key
      ? ([
          ["account", limits, c],
          ["key", key.limits, key.c],
        ] as const)
      : ([["account", limits, c]] as const);
    for (const [scope, l, x] of scopes) {
      const minuteCount = x.minute.length - x.head;
      if (l.requestsPerMinute !== null && minuteCount >= l.requestsPerMinute) {
        return reject("requests-minute", scope, x.minute[x.head] + MINUTE_MS);
      }
      if (l.requestsPerDay !== null && x.requests >= l.requestsPerDay) {
        return reject("requests-day", scope, dayEndMs);
      }
    }
    let grantedOutput = request.tokens?.maxOutput ?? 0;
    if (request.tokens) {
      for (const [scope, l, x] of scopes) {
        if (l.tokensPerDay === null) continue;
        const left = l.tokensPerDay - x.tokens - request.tokens.prompt;
        if (left < 1) return reject("tokens-day", scope, dayEndMs);
        grantedOutput = Math.min(grantedOutput, left);
      }
    }
    const reserved = request.tokens ? request.tokens.prompt + grantedOutput : 0;
    for (const [, l, x] of scopes) {
      if (l.requestsPerMinute !== null) x.minute.push(now);
      x.requests++;
      x.tokens += reserved;
    }
    const ticket: Ticket = {
      accountId: request.accountId,
      day: request.day,
      reserved,
      backend: "memory",
    };
    if (key) ticket.keyId = key.id;
    return { ok: true, grantedOutput, windows: windows(), ticket };
  }

  async settle(ticket: Ticket, usedTokens: number): Promise<void> {
    const names = ticket.keyId ? [ticket.accountId, `key:${ticket.keyId}`] : [ticket.accountId];
    for (const name of names) {
      const counters = this.state.get(name);
      // A reservation from a day that has since rolled over has nothing left to correct.
      if (!counters || counters.day !== ticket.day) continue;
      counters.tokens = Math.max(0, counters.tokens + usedTokens - ticket.reserved);
    }
  }

  async peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]> {
    const { now, dayEndMs } = request;
    const read = (x: AccountCounters) => {
      const minuteCount = x.minute.length - x.head;
      return {
        minuteCount,
        oldestMs: minuteCount > 0 ? x.minute[x.head] : 0,
        dayRequests: x.requests,
        dayTokens: x.tokens,
      };
    };
    const limits = divideLimits(request.limits, this.instances);
    const c = this.counters(request.accountId, request.day, now);
    const windows = windowsFrom(limits, read(c), now, dayEndMs);
    if (request.key) {
      const k = this.keyCounters(request.key.id, request.day, now);
      const keyLimits = divideLimits(request.key.limits, this.instances);
      windows.push(...windowsFrom(keyLimits, read(k), now, dayEndMs));
    }
    return windows;
  }

  /**
   * Add what an earlier process of this instance counted (PostgreSQL's usage, seed.ts) to what
   * this one has counted since it started.
   */
  seed(seeds: readonly UsageSeed[], day: string, now: number): void {
    for (const seed of seeds) {
      const name = seed.keyId === undefined ? seed.accountId : `key:${seed.keyId}`;
      const c = this.counters(name, day, now);
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
