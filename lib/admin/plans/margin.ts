import type { Profitability } from "@/lib/usage/profitability";

/** This month's business margin: revenue − upstream cost − infrastructure cost, in paisa. */
export interface BusinessMargin {
  revenuePaisa: number;
  upstreamCostPaisa: number;
  infraCostPaisa: number;
  marginPaisa: number;
}

/**
 * SEAM for the price book (issue 20, lib/pricing): what the upstreams cost the seller this
 * month. Until the price book's per-model upstream cost is merged, the usage events' own cost
 * (list price, usage_monthly.cost_paisa) stands in; replace this one function with the sum of
 * the price book's upstream cost over the month's events.
 */
export function upstreamCostPaisa(margins: Profitability): number {
  return margins.totalUsageCostPaisa;
}

export function businessMargin(margins: Profitability, infraCostPaisa: bigint): BusinessMargin {
  const revenuePaisa = margins.totalRevenuePaisa;
  const upstream = upstreamCostPaisa(margins);
  const infra = Number(infraCostPaisa);
  return {
    revenuePaisa,
    upstreamCostPaisa: upstream,
    infraCostPaisa: infra,
    marginPaisa: revenuePaisa - upstream - infra,
  };
}
