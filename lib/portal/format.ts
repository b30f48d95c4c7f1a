import { env } from "@/lib/config/env";

/** Dates as the business sees them (DARWAZA_TIMEZONE), e.g. "28 Nov 2025, 14:03". */
export function formatDateTime(date: Date | null, withSeconds = false): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: env().DARWAZA_TIMEZONE,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: withSeconds ? "2-digit" : undefined,
    hourCycle: "h23",
  }).format(date);
}

/** A day as the business sees it (DARWAZA_TIMEZONE), e.g. "28 Nov 2025": billing dates, renewals. */
export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: env().DARWAZA_TIMEZONE,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(date);
}

/** "28 Nov" from YYYY-MM-DD (already a business day; no zone conversion). */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
  }).format(new Date(Date.UTC(year, month - 1, date)));
}
