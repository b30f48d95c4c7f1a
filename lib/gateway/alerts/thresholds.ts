import { THRESHOLDS } from "@/lib/webhooks/events";
import type { Admission, AdmissionRequest } from "../limits/types";

/** A daily allowance that just crossed 50, 80 or 100 percent. */
export interface Crossing {
  accountId: string;
  kind: "requests-day" | "tokens-day";
  percent: number;
  /** The calendar day (business time zone) it counts in. */
  day: string;
  limit: number;
  used: number;
}

/** The percentages whose mark lies in (before, after]: each is crossed by exactly one count. */
export function crossedPercents(limit: number, before: number, after: number): number[] {
  if (limit <= 0 || after <= before) return [];
  return THRESHOLDS.filter((percent) => {
    const mark = Math.ceil((limit * percent) / 100);
    return before < mark && mark <= after;
  });
}

/**
 * The thresholds an admitted call crossed, read from the counters the limiter's one atomic step
 * returned (the day's requests after its increment, the day's tokens after its reservation): of
 * many concurrent calls only the one whose increment passed a mark sees it, with no extra round
 * trip. (A released reservation can lower the token count and a later call pass a mark again:
 * the alert_marks row written asynchronously keeps that to one alert.)
 */
export function crossingsOf(
  request: AdmissionRequest,
  admission: Extract<Admission, { ok: true }>,
): Crossing[] {
  const found: Crossing[] = [];
  for (const window of admission.windows) {
    if (window.kind === "requests-minute") continue;
    const after = window.limit - window.remaining;
    const step = window.kind === "requests-day" ? 1 : admission.ticket.reserved;
    if (step <= 0) continue;
    for (const percent of crossedPercents(window.limit, after - step, after)) {
      found.push({
        accountId: request.accountId,
        kind: window.kind,
        percent,
        day: request.day,
        limit: window.limit,
        used: after,
      });
    }
  }
  return found;
}
