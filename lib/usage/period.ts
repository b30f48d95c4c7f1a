import { env } from "@/lib/config/env";

/**
 * The moment a report is taken and the business time zone its months and days follow. Reports
 * take it as a parameter so tests can pin "now" instead of racing the turn of a month.
 */
export interface Period {
  at: Date;
  timeZone: string;
}

export function currentPeriod(at: Date = new Date()): Period {
  return { at, timeZone: env().DARWAZA_TIMEZONE };
}

/**
 * SQL for the start of the current month in the business time zone, with the report's moment as
 * `$1` and the zone as `$2`: as an instant (for timestamptz columns) and as a calendar date (for
 * usage_daily.day, which is already a business-zone day).
 */
export const MONTH_START = "(date_trunc('month', $1::timestamptz AT TIME ZONE $2) AT TIME ZONE $2)";
export const MONTH_START_DAY = "(date_trunc('month', $1::timestamptz AT TIME ZONE $2))::date";
