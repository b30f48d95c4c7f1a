import { effectiveAt } from "@/lib/pricing/effective";

/** A reporting range [from, to) in the business time zone. */
export interface MoneyRange {
  kind: "this-month" | "last-month" | "custom";
  from: Date;
  /** Exclusive; never after the report's moment for the current month. */
  to: Date;
  /** "2026-06", or "2026-06-03 – 2026-06-09" (days inclusive). */
  label: string;
  timeZone: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** Midnight starting `day` in `timeZone`, as an instant. */
function midnight(day: string, timeZone: string): Date {
  return new Date(effectiveAt(`${day}T00:00`, timeZone, 0) ?? Number.NaN);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function monthStart(day: string, monthsBack: number): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() - monthsBack);
  return date.toISOString().slice(0, 10);
}

/**
 * The range a revenue report covers: "this-month" (its start to `at`), "last-month" (whole), or
 * "custom" from one day to another, both inclusive (business-zone days; to at most 366 days
 * later). A bad or reversed custom range is null, for the caller's 422 or default.
 */
export function moneyRange(
  input: { range?: string; from?: string; to?: string },
  at: Date,
  timeZone: string,
): MoneyRange | null {
  const today = dayIn(at, timeZone);
  if (input.range === "last-month") {
    const start = monthStart(today, 1);
    return {
      kind: "last-month",
      from: midnight(start, timeZone),
      to: midnight(monthStart(today, 0), timeZone),
      label: start.slice(0, 7),
      timeZone,
    };
  }
  if (input.range === "custom") {
    const { from, to } = input;
    if (!from || !to || !DAY.test(from) || !DAY.test(to)) return null;
    const start = midnight(from, timeZone);
    const end = midnight(addDays(to, 1), timeZone);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
    if (end <= start || end.getTime() - start.getTime() > 367 * 86_400_000) return null;
    return { kind: "custom", from: start, to: end, label: `${from} – ${to}`, timeZone };
  }
  const start = monthStart(today, 0);
  return {
    kind: "this-month",
    from: midnight(start, timeZone),
    to: at,
    label: start.slice(0, 7),
    timeZone,
  };
}

/**
 * The infrastructure cost of a range, in micros: each calendar month it touches contributes the
 * monthly cost × the share of that month's days it covers (a whole month is the whole cost).
 * Rounded once, to the micro, for the range; "this month" counts the whole month.
 */
export function infraMicrosFor(range: MoneyRange, monthlyPaisa: bigint): bigint {
  const monthly = monthlyPaisa * 10_000n;
  if (range.kind !== "custom") return monthly;
  const first = dayIn(range.from, range.timeZone);
  const last = dayIn(new Date(range.to.getTime() - 1), range.timeZone);
  // Σ covered days ÷ days in that month, kept as one exact fraction.
  let numerator = 0n;
  let denominator = 1n;
  let day = first;
  while (day <= last) {
    const month = day.slice(0, 7);
    const next = monthStart(day, -1);
    const daysInMonth = BigInt(
      (Date.parse(`${next}T00:00:00Z`) - Date.parse(`${month}-01T00:00:00Z`)) / 86_400_000,
    );
    const end = last < next ? addDays(last, 1) : next;
    const covered = BigInt(
      (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000,
    );
    numerator = numerator * daysInMonth + covered * denominator;
    denominator *= daysInMonth;
    day = next;
  }
  return (monthly * numerator + denominator / 2n) / denominator;
}
