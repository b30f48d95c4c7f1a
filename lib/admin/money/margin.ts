import type { ModelUpstreamCost } from "@/lib/usage/upstream-cost";
import { totalUpstreamMicros, upstreamCostByModel } from "@/lib/usage/upstream-cost";
import { infraMicrosFor, type MoneyRange } from "./range";
import { type RevenueSplit, revenueSplit } from "./revenue-split";

/** A range's business margin: revenue − upstream cost − infrastructure cost, in micros. */
export interface BusinessMargin {
  revenueMicros: bigint;
  upstreamCostMicros: bigint;
  infraCostMicros: bigint;
  marginMicros: bigint;
  /** The monthly figure the admin entered (BusinessSettings), in paisa, for the form. */
  infraMonthlyPaisa: bigint;
}

export function businessMargin(
  range: MoneyRange,
  split: RevenueSplit,
  upstream: readonly ModelUpstreamCost[],
  infraMonthlyPaisa: bigint,
): BusinessMargin {
  const upstreamCostMicros = totalUpstreamMicros(upstream);
  const infraCostMicros = infraMicrosFor(range, infraMonthlyPaisa);
  return {
    revenueMicros: split.revenueMicros,
    upstreamCostMicros,
    infraCostMicros,
    marginMicros: split.revenueMicros - upstreamCostMicros - infraCostMicros,
    infraMonthlyPaisa,
  };
}

/** Everything the revenue page's money section shows for a range, read in parallel. */
export async function moneyReport(range: MoneyRange, infraMonthlyPaisa: bigint) {
  const [split, upstream] = await Promise.all([
    revenueSplit(range),
    upstreamCostByModel(range.from, range.to),
  ]);
  return { split, upstream, margin: businessMargin(range, split, upstream, infraMonthlyPaisa) };
}

export type MoneyReport = Awaited<ReturnType<typeof moneyReport>>;
