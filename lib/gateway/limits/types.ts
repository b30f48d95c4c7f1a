import type { Limits } from "@/lib/plans/plans";

export type WindowKind = "requests-minute" | "requests-day" | "tokens-day";

/** One limited window's state after a decision, for the rate-limit headers. */
export interface WindowState {
  kind: WindowKind;
  limit: number;
  remaining: number;
  /** Unix ms when the window frees up (the oldest request leaves, or the day ends). */
  resetAt: number;
}

/** The three limited windows (a plan's Limits, or a key's own). */
export type WindowLimits = Pick<Limits, "requestsPerMinute" | "requestsPerDay" | "tokensPerDay">;

export interface AdmissionRequest {
  accountId: string;
  limits: Limits;
  /**
   * The calling key's own limits, checked and counted in the same atomic step as the account's
   * (a call must pass both); null or absent when the key has none.
   */
  key?: { id: string; limits: WindowLimits } | null;
  /** A unique id (the request id): the member of the per-minute log. */
  requestId: string;
  /** Unix ms. */
  now: number;
  /** Calendar day in the business time zone for `now`. */
  day: string;
  dayEndMs: number;
  /**
   * For token-metered calls: the estimated prompt tokens and the output tokens wanted (already
   * clamped to the plan's max_tokens). Null for calls that use no tokens.
   */
  tokens: { prompt: number; maxOutput: number } | null;
}

/** What a successful admission reserved; settle or release it exactly once. */
export interface Ticket {
  accountId: string;
  day: string;
  /** Tokens reserved (prompt estimate + granted output), 0 when the call reserved none. */
  reserved: number;
  /** Which limiter counted it (the resilient limiter settles where it admitted). */
  backend: "memory" | "redis";
  /** The key whose own token window holds the reservation too. */
  keyId?: string;
}

export type Rejection = "requests-minute" | "requests-day" | "tokens-day";

export type Admission =
  | { ok: true; grantedOutput: number; windows: WindowState[]; ticket: Ticket }
  | {
      ok: false;
      reason: Rejection;
      /** Whose window refused: the account's (plan) or the key's own. */
      scope: "account" | "key";
      retryAfterMs: number;
      windows: WindowState[];
    };

/** Limits kept in memory or in Redis, behind one interface. */
export interface Limiter {
  /** Check every limit and, when all pass, count the request and reserve tokens, atomically. */
  admit(request: AdmissionRequest): Promise<Admission>;
  /** Replace the reservation by the tokens actually used (0 releases it). */
  settle(ticket: Ticket, usedTokens: number): Promise<void>;
  /** The windows' state without counting anything (headers on responses that were not admitted). */
  peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]>;
  close(): Promise<void>;
}

export const MINUTE_MS = 60_000;

/** Whether any limit applies at all: unlimited accounts skip the limiter entirely. */
export function hasAnyLimit(limits: WindowLimits): boolean {
  return (
    limits.requestsPerMinute !== null ||
    limits.requestsPerDay !== null ||
    limits.tokensPerDay !== null
  );
}
