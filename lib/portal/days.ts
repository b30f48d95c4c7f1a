import { env } from "@/lib/config/env";
import { calendarDay } from "@/lib/gateway/limits/calendar";

/** Days and months in the business time zone, as the gateway's limits and rollups count them. */

/** Today as YYYY-MM-DD in DARWAZA_TIMEZONE. */
export function businessToday(now = Date.now()): string {
  return calendarDay(now, env().DARWAZA_TIMEZONE).day;
}

/** The n days ending with `lastDay` (YYYY-MM-DD), oldest first. */
export function daysEnding(lastDay: string, n: number): string[] {
  const [year, month, day] = lastDay.split("-").map(Number);
  return Array.from({ length: n }, (_, i) =>
    new Date(Date.UTC(year, month - 1, day - (n - 1 - i))).toISOString().slice(0, 10),
  );
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** YYYY-MM of the business day now. */
export function businessMonth(now = Date.now()): string {
  return businessToday(now).slice(0, 7);
}

/** A month's first day and the next month's first day, as YYYY-MM-DD. */
export function monthBounds(month: string): { first: string; next: string } {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const next = new Date(Date.UTC(year, index + 1, 1)).toISOString().slice(0, 10);
  return { first: `${month}-01`, next };
}
