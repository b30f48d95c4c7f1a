import { MINUTE_MS, type WindowLimits, type WindowState } from "./types";

/** The counts a limiter read (after counting, for admitted calls). */
export interface Counts {
  minuteCount: number;
  /** Unix ms of the oldest request in the last minute, or 0 when there is none. */
  oldestMs: number;
  dayRequests: number;
  dayTokens: number;
}

/** Only limited windows appear: an unlimited dimension has nothing to report. */
export function windowsFrom(
  limits: WindowLimits,
  counts: Counts,
  now: number,
  dayEndMs: number,
): WindowState[] {
  const windows: WindowState[] = [];
  if (limits.requestsPerMinute !== null) {
    windows.push({
      kind: "requests-minute",
      limit: limits.requestsPerMinute,
      remaining: Math.max(0, limits.requestsPerMinute - counts.minuteCount),
      resetAt: counts.oldestMs > 0 ? counts.oldestMs + MINUTE_MS : now + MINUTE_MS,
    });
  }
  if (limits.requestsPerDay !== null) {
    windows.push({
      kind: "requests-day",
      limit: limits.requestsPerDay,
      remaining: Math.max(0, limits.requestsPerDay - counts.dayRequests),
      resetAt: dayEndMs,
    });
  }
  if (limits.tokensPerDay !== null) {
    windows.push({
      kind: "tokens-day",
      limit: limits.tokensPerDay,
      remaining: Math.max(0, limits.tokensPerDay - counts.dayTokens),
      resetAt: dayEndMs,
    });
  }
  return windows;
}

/** Limits divided among instances (the fallback while Redis is unreachable), at least 1. */
export function divideLimits<L extends WindowLimits>(limits: L, instances: number): L {
  if (instances <= 1) return limits;
  const part = (value: number | null) =>
    value === null ? null : Math.max(1, Math.floor(value / instances));
  return {
    ...limits,
    requestsPerMinute: part(limits.requestsPerMinute),
    requestsPerDay: part(limits.requestsPerDay),
    tokensPerDay: part(limits.tokensPerDay),
  };
}
