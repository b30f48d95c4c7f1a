/**
 * Calendar days in the business time zone (DARWAZA_TIMEZONE). Daily limits reset at local
 * midnight there, and usage rollups use the same days. Formatting a date in a time zone costs
 * microseconds, so the current day is cached until its end.
 */
export interface CalendarDay {
  /** YYYY-MM-DD in the time zone. */
  day: string;
  /** Unix ms of the day's first and next day's first instant. */
  startMs: number;
  endMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** Local wall-clock time minus UTC at this instant, in ms. */
  offsetMs: number;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    offsetMs: wall - Math.floor(ms / 1000) * 1000,
  };
}

/** The instant of local midnight starting the given local date (DST-safe to within an hour). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the guess, then at the corrected instant (differs across DST).
  let instant = guess - localParts(guess, timeZone).offsetMs;
  instant = guess - localParts(instant, timeZone).offsetMs;
  return instant;
}

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function calendarDay(ms: number, timeZone: string): CalendarDay {
  const local = localParts(ms, timeZone);
  const startMs = localMidnight(local.year, local.month, local.day, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  const endMs = localMidnight(
    next.getUTCFullYear(),
    next.getUTCMonth() + 1,
    next.getUTCDate(),
    timeZone,
  );
  return { day: `${local.year}-${pad(local.month)}-${pad(local.day)}`, startMs, endMs };
}

/** The first day (YYYY-MM-DD) of the month containing `ms`, in the time zone. */
export function monthStart(ms: number, timeZone: string): string {
  return `${calendarDay(ms, timeZone).day.slice(0, 8)}01`;
}

let cached: { timeZone: string; value: CalendarDay } | undefined;

/** calendarDay(now), cached until the day ends. */
export function today(now: number, timeZone: string): CalendarDay {
  if (
    cached &&
    cached.timeZone === timeZone &&
    now >= cached.value.startMs &&
    now < cached.value.endMs
  ) {
    return cached.value;
  }
  const value = calendarDay(now, timeZone);
  cached = { timeZone, value };
  return value;
}
