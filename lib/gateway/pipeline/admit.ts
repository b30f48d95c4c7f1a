import { crossingsOf } from "../alerts/thresholds";
import type { Principal } from "../auth/authenticate";
import {
  type Charge,
  holdPastAllowance,
  holdPastAllowanceNow,
  settleCharge,
} from "../credit/charge";
import { GatewayError } from "../errors";
import { today } from "../limits/calendar";
import { rateLimitHeaders } from "../limits/headers";
import type { Admission, AdmissionRequest, Rejection, Ticket } from "../limits/types";
import type { GatewayDeps, Prepared } from "./types";

const MESSAGES: Record<Rejection, string> = {
  "requests-minute":
    "Rate limit reached for requests per minute on your plan. Please try again later.",
  "requests-day":
    "Rate limit reached for requests per day on your plan. Please try again tomorrow.",
  "tokens-day":
    "You exceeded your daily token quota. Please try again tomorrow or upgrade your plan.",
};

const KEY_MESSAGES: Record<Rejection, string> = {
  "requests-minute":
    "Rate limit reached for requests per minute on this API key. Please try again later.",
  "requests-day": "Rate limit reached for requests per day on this API key. Try again tomorrow.",
  "tokens-day": "This API key's daily token limit is used up. Try again tomorrow.",
};

/** The key's own limits for the limiter, or null (most keys have none). */
export function keyLimitsOf(principal: Principal): AdmissionRequest["key"] {
  const limits = principal.policy?.limits;
  return limits ? { id: principal.keyId, limits } : null;
}

/**
 * Check the account's limits and reserve the call's tokens, setting the rate-limit headers
 * either way. Past the daily allowance a call may go on charged (credit or postpaid overage,
 * `charge` set; a spend cap reached is a 402). A refusal is a 429 with Retry-After:
 * rate_limit_exceeded for the request windows, insufficient_quota when the day's tokens are
 * spent. (Accounts without any limit never get here: the pipeline skips the limiter for them,
 * no Redis round trip.)
 */
export async function admit(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  requestId: string,
  now: number,
  headers: Record<string, string>,
): Promise<{ ticket: Ticket | null; grantedOutput: number; charge: Charge | null }> {
  const day = today(now, deps.timeZone);
  const request: AdmissionRequest = {
    accountId: principal.accountId,
    limits: principal.limits,
    key: keyLimitsOf(principal),
    requestId,
    now,
    day: day.day,
    dayEndMs: day.endMs,
    tokens: prepared.tokens,
  };
  const spent = deps.spentAllowances?.get(request.accountId, request.limits.requestsPerDay, now);
  if (spent) {
    rateLimitHeaders(spent, now, headers);
    const paid = await pastAllowance(deps, principal, prepared, request);
    if (paid) return paid;
  }
  const admission = await deps.limiter.admit(request);
  rateLimitHeaders(admission.windows, now, headers);
  if (admission.ok) {
    if (deps.alerts) {
      const crossed = crossingsOf(request, admission);
      if (crossed.length > 0) deps.alerts.add(crossed);
    }
    return { ticket: admission.ticket, grantedOutput: admission.grantedOutput, charge: null };
  }
  // A key's own limit is the customer's choice: never paid past.
  if (admission.scope === "account" && admission.reason !== "requests-minute") {
    const { requestsPerDay } = request.limits;
    if (admission.reason === "requests-day" && requestsPerDay !== null) {
      deps.spentAllowances?.remember(
        request.accountId,
        requestsPerDay,
        day.endMs,
        admission.windows,
      );
    }
    const paid = await pastAllowance(deps, principal, prepared, request);
    if (paid) return paid;
  }
  throw refusal(admission);
}

/**
 * A paid call admitted at once: its account's allowance is known spent, no per-minute window
 * applies, and its hold came from this instance's lease. Null: take `admit`.
 */
export function admitNow(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  requestId: string,
  now: number,
  headers: Record<string, string>,
): { ticket: null; grantedOutput: number; charge: Charge } | null {
  const { limits, accountId } = principal;
  if (limits.requestsPerMinute !== null) return null;
  const spent = deps.spentAllowances?.get(accountId, limits.requestsPerDay, now);
  if (!spent) return null;
  const charge = holdPastAllowanceNow(deps, principal, prepared, requestId, now);
  if (!charge) return null;
  rateLimitHeaders(spent, now, headers);
  return { ticket: null, grantedOutput: prepared.tokens?.maxOutput ?? 0, charge };
}

/** A call past the allowance, held against credit and caps; null when it cannot be charged. */
async function pastAllowance(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  request: AdmissionRequest,
): Promise<{ ticket: Ticket | null; grantedOutput: number; charge: Charge } | null> {
  const charge = await holdPastAllowance(deps, principal, prepared, request.requestId, request.now);
  if (!charge) return null;
  const grantedOutput = prepared.tokens?.maxOutput ?? 0;
  // The day's windows no longer bound a paid call; without a per-minute limit nothing else does.
  if (request.limits.requestsPerMinute === null && !request.key) {
    return { ticket: null, grantedOutput, charge };
  }
  const limits = { ...request.limits, requestsPerDay: null, tokensPerDay: null };
  const beyond = await deps.limiter.admit({ ...request, limits });
  if (beyond.ok) return { ticket: beyond.ticket, grantedOutput: beyond.grantedOutput, charge };
  settleCharge(deps, charge, 0);
  throw refusal(beyond);
}

function refusal(admission: Extract<Admission, { ok: false }>): GatewayError {
  const quota = admission.reason === "tokens-day";
  const messages = admission.scope === "key" ? KEY_MESSAGES : MESSAGES;
  return new GatewayError(429, messages[admission.reason], {
    type: quota ? "insufficient_quota" : "rate_limit_exceeded",
    code: quota ? "insufficient_quota" : "rate_limit_exceeded",
    headers: { "retry-after": String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000))) },
  });
}

/** The rate-limit headers of a response that was not admitted (listings, errors before admission). */
export async function peekHeaders(
  deps: GatewayDeps,
  principal: Principal,
  now: number,
  headers: Record<string, string>,
): Promise<void> {
  const day = today(now, deps.timeZone);
  const windows = await deps.limiter.peek({
    accountId: principal.accountId,
    limits: principal.limits,
    key: keyLimitsOf(principal),
    now,
    day: day.day,
    dayEndMs: day.endMs,
  });
  rateLimitHeaders(windows, now, headers);
}
