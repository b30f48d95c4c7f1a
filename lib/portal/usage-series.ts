import { dailyUsageByPart } from "@/lib/usage/series";
import { businessToday, daysEnding } from "./days";
import { keyLabels, keyName } from "./key-labels";

export type Split = "key" | "endpoint";

export interface Series {
  /** Stable data key for the chart (s0, s1 …); names may contain any characters. */
  id: string;
  name: string;
}

/** One row per day: { day, s0: n, s1: n, … }. */
export type DayPoint = { day: string } & Record<string, number | string>;

export interface UsageSeries {
  days: string[];
  series: Series[];
  requests: DayPoint[];
  tokens: DayPoint[];
  totals: { requests: number; tokens: number };
}

/** Beyond this many keys or endpoints the smallest are summed as "Other", so charts stay legible. */
const MAX_SERIES = 6;

/**
 * Requests and tokens per day for the last `days` days, split by key or endpoint, from the daily
 * rollups (lib/usage/series.ts), shaped for the charts.
 */
export async function usageSeries(
  accountId: string,
  split: Split,
  options: { days?: number; keyId?: string } = {},
): Promise<UsageSeries> {
  const days = daysEnding(businessToday(), options.days ?? 30);
  const rows = await dailyUsageByPart(
    accountId,
    split,
    days[0],
    days[days.length - 1],
    options.keyId,
  );
  const labels = split === "key" ? await keyLabels(accountId) : null;
  const nameOf = (part: string) => (labels ? keyName(labels, part) : part || "Unknown");

  // Biggest parts first; the tail becomes "Other".
  const weight = new Map<string, number>();
  for (const row of rows) weight.set(row.part, (weight.get(row.part) ?? 0) + Number(row.requests));
  const ranked = [...weight.entries()].sort((a, b) => b[1] - a[1]).map(([part]) => part);
  const shown = ranked.length > MAX_SERIES ? ranked.slice(0, MAX_SERIES - 1) : ranked;
  const series: Series[] = shown.map((part, i) => ({ id: `s${i}`, name: nameOf(part) }));
  const idOf = new Map(shown.map((part, i) => [part, `s${i}`]));
  if (ranked.length > shown.length) series.push({ id: "other", name: "Other" });

  const blank = (day: string): DayPoint => {
    const point: DayPoint = { day };
    for (const s of series) point[s.id] = 0;
    return point;
  };
  const requests = new Map(days.map((day) => [day, blank(day)]));
  const tokens = new Map(days.map((day) => [day, blank(day)]));
  let totalRequests = 0;
  let totalTokens = 0;
  for (const row of rows) {
    const id = idOf.get(row.part) ?? "other";
    const r = requests.get(row.day);
    const t = tokens.get(row.day);
    if (!r || !t) continue;
    r[id] = Number(r[id]) + Number(row.requests);
    t[id] = Number(t[id]) + Number(row.tokens);
    totalRequests += Number(row.requests);
    totalTokens += Number(row.tokens);
  }
  return {
    days,
    series,
    requests: [...requests.values()],
    tokens: [...tokens.values()],
    totals: { requests: totalRequests, tokens: totalTokens },
  };
}
