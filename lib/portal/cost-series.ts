import { env } from "@/lib/config/env";
import { costPerDay } from "@/lib/usage/cost-per-day";
import { businessToday, daysEnding } from "./days";

export interface CostSeries {
  /** Every day of the window, oldest first, with its exact cost (0 on quiet days). */
  days: { day: string; costMicros: bigint }[];
  totalMicros: bigint;
}

/** The account's cost per day over the last `days` business days, from its usage events. */
export async function costSeries(accountId: string, days = 30): Promise<CostSeries> {
  const window = daysEnding(businessToday(), days);
  const rows = await costPerDay(
    accountId,
    window[0],
    window[window.length - 1],
    env().DARWAZA_TIMEZONE,
  );
  const byDay = new Map(rows.map((row) => [row.day, row.costMicros]));
  const series = window.map((day) => ({ day, costMicros: byDay.get(day) ?? 0n }));
  return { days: series, totalMicros: series.reduce((sum, d) => sum + d.costMicros, 0n) };
}
