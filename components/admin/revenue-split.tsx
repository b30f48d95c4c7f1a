import { Stat } from "@/components/dashboard/stat";
import { formatMicrosPkr } from "@/lib/admin/money/format";
import type { RevenueSplit } from "@/lib/admin/money/revenue-split";
import { formatCountOf } from "@/lib/plans/money";

/** Where the range's money came from, and the prepaid credit still owed to customers. */
export function RevenueSplitStats({ split, label }: { split: RevenueSplit; label: string }) {
  const usage = split.creditUsageMicros + split.postpaidUsageMicros;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Stat
        label={`Subscriptions (${label})`}
        value={formatMicrosPkr(split.subscriptionsMicros)}
        testId="split-subscriptions"
        hint="Paid subscription invoices"
      />
      <Stat
        label={`Usage (${label})`}
        value={formatMicrosPkr(usage)}
        testId="split-usage"
        hint={`From credit ${formatMicrosPkr(split.creditUsageMicros)} · postpaid ${formatMicrosPkr(split.postpaidUsageMicros)}`}
      />
      <Stat
        label={`Top-ups (${label})`}
        value={formatMicrosPkr(split.topupsMicros - split.refundsMicros)}
        testId="split-topups"
        hint={`Paid ${formatMicrosPkr(split.topupsMicros)} − refunded ${formatMicrosPkr(split.refundsMicros)}; cash, revenue once used`}
      />
      <Stat
        label="Credit outstanding"
        value={formatMicrosPkr(split.outstandingCreditMicros)}
        testId="credit-outstanding"
        hint={`A liability, not MRR: unused credit of ${formatCountOf(split.accountsWithCredit, "account")}${
          split.owedCreditMicros > 0n
            ? ` · owed to you ${formatMicrosPkr(split.owedCreditMicros)}`
            : ""
        }`}
      />
    </div>
  );
}
