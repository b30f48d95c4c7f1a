import { EmptyState } from "@/components/ui/empty-state";
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
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm" data-testid="ledger-table">
        <thead className="text-xs uppercase text-zinc-500">
          <tr>
            <th className="py-2 pr-4 font-medium">When</th>
            <th className="py-2 pr-4 font-medium">What</th>
            <th className="py-2 pr-4 font-medium">Detail</th>
            <th className="py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="ledger-row">
              <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(entry.createdAt)}</td>
              <td className="py-2 pr-4">{KIND_LABELS[entry.kind]}</td>
              <td className="py-2 pr-4 font-mono text-xs text-zinc-600">
                {entry.note ?? entry.requestId ?? entry.reference ?? ""}
              </td>
              <td
                className={`py-2 text-right font-medium whitespace-nowrap ${entry.amountMicros < 0n ? "text-zinc-900" : "text-emerald-700"}`}
              >
                {formatMicros(entry.amountMicros)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
