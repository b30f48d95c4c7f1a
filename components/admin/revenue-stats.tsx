import { Stat } from "@/components/dashboard/stat";
import type { RevenueSummary } from "@/lib/admin/revenue";
import { formatCount, formatPkr } from "@/lib/plans/money";

export function RevenueStats({ summary }: { summary: RevenueSummary }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
      <Stat
        label="MRR"
        value={formatPkr(summary.mrrPaisa)}
        testId="mrr"
        hint="Billed subscriptions + Enterprise contracts"
      />
      <Stat
        label="Paying subscribers"
        value={formatCount(summary.subscribers)}
        testId="subscribers"
      />
      <Stat
        label="ARPU"
        value={formatPkr(summary.arpuPaisa)}
        testId="arpu"
        hint="MRR per paying subscriber"
      />
      <Stat
        label="New this month"
        value={formatCount(summary.newThisMonth)}
        testId="new-subscribers"
      />
      <Stat
        label="Churned this month"
        value={formatCount(summary.churnedThisMonth)}
        testId="churned-subscribers"
      />
    </div>
  );
}
