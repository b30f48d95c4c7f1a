import type { Period } from "@/lib/usage/period";
import { profitability } from "@/lib/usage/profitability";
import { revenueSummary } from "./revenue";
import { revenueByMonth } from "./revenue-history";

/** Everything the revenue overview page shows, fetched in parallel. */
export async function loadOverview(period: Period) {
  const [summary, months, margins] = await Promise.all([
    revenueSummary(period),
    revenueByMonth(period),
    profitability(period),
  ]);
  return { summary, months, margins };
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
