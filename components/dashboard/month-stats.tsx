import { formatCount, formatPkr } from "@/lib/plans/money";
import type { RollupTotals } from "@/lib/usage/rollup-totals";
import { Stat } from "./stat";

/** This month's totals from the daily rollups. */
export function MonthStats({ month }: { month: RollupTotals }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Stat
        label="Requests this month"
        value={formatCount(month.requests)}
        hint={
          month.unbilledRequests > 0
            ? `${formatCount(month.unbilledRequests)} not billed (free reads, refused or failed calls)`
            : undefined
        }
        testId="month-requests"
      />
      <Stat
        label="Tokens this month"
        value={formatCount(month.tokensIn + month.tokensOut)}
        hint={`${formatCount(month.tokensIn)} in · ${formatCount(month.tokensOut)} out`}
        testId="month-tokens"
      />
      <Stat
        label="Estimated cost"
        value={formatPkr(month.costPaisa)}
        hint="Metered at each model's price"
        testId="month-cost"
      />
    </div>
  );
}
