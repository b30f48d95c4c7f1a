import { EmptyState } from "@/components/ui/empty-state";
import { stackedTable } from "@/components/ui/stacked-table";
import { formatMicros } from "@/lib/credit/money";
import type { LedgerLine } from "@/lib/credit/reads";
import { formatDateTime } from "@/lib/portal/format";

const KIND_LABELS: Record<LedgerLine["kind"], string> = {
  topup: "Top-up",
  usage: "Usage",
  refund: "Refund",
  grant: "Grant",
  expiry: "Expiry",
  adjustment: "Adjustment",
};

/** Ledger entries, newest first: what came in, what calls past the allowance took. */
export function LedgerTable({ entries }: { entries: LedgerLine[] }) {
  if (entries.length === 0) {
    return <EmptyState title="No entries yet">Top-ups, grants and charges appear here.</EmptyState>;
  }
  return (
    <table className={`${stackedTable.table} sm:min-w-[32rem]`} data-testid="ledger-table">
      <thead className={`text-xs uppercase text-zinc-500 ${stackedTable.head}`}>
        <tr>
          <th className="py-2 pr-4 font-medium">When</th>
          <th className="py-2 pr-4 font-medium">What</th>
          <th className="py-2 pr-4 font-medium">Detail</th>
          <th className="py-2 text-right font-medium">Amount</th>
        </tr>
      </thead>
      <tbody className={stackedTable.body}>
        {entries.map((entry) => (
          <tr key={entry.id} data-testid="ledger-row" className={stackedTable.row}>
            <td className={`py-2 pr-4 whitespace-nowrap ${stackedTable.cell}`} data-label="When">
              {formatDateTime(entry.createdAt)}
            </td>
            <td className={`py-2 pr-4 ${stackedTable.cell}`} data-label="What">
              {KIND_LABELS[entry.kind]}
            </td>
            <td
              className={`py-2 pr-4 font-mono text-xs break-all text-zinc-600 ${stackedTable.cell} ${stackedTable.wide}`}
              data-label="Detail"
            >
              {entry.note ?? entry.requestId ?? entry.reference ?? ""}
            </td>
            <td
              className={`py-2 text-right font-medium whitespace-nowrap ${entry.amountMicros < 0n ? "text-zinc-900" : "text-emerald-700"} ${stackedTable.cell}`}
              data-label="Amount"
            >
              {formatMicros(entry.amountMicros)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
