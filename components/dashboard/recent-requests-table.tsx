import Link from "next/link";
import { stackedTable } from "@/components/ui/stacked-table";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { formatDateTime } from "@/lib/portal/format";
import type { RecentRequest } from "@/lib/portal/recent-requests";

function StatusBadge({ status }: { status: number }) {
  const style =
    status < 300
      ? "bg-emerald-100 text-emerald-800"
      : status === 429
        ? "bg-amber-100 text-amber-800"
        : "bg-red-100 text-red-800";
  return <span className={`rounded px-1.5 py-0.5 font-mono text-xs ${style}`}>{status}</span>;
}

/** The latest requests, newest first. A stack of cards on a phone. */
export function RecentRequestsTable({ requests }: { requests: RecentRequest[] }) {
  return (
    // From 640 px a table again, scrolling inside this frame where it is wider than the screen.
    <div className="sm:overflow-x-auto">
      <table className={`${stackedTable.table} sm:min-w-[760px]`} data-testid="recent-requests">
        <thead
          className={`border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 ${stackedTable.head}`}
        >
          <tr>
            <th scope="col" className="py-2 pr-4">
              Time
            </th>
            <th scope="col" className="py-2 pr-4">
              Key
            </th>
            <th scope="col" className="py-2 pr-4">
              Endpoint
            </th>
            <th scope="col" className="py-2 pr-4">
              Model
            </th>
            <th scope="col" className="py-2 pr-4">
              Status
            </th>
            <th scope="col" className="py-2 pr-4 text-right">
              Tokens in / out
            </th>
            <th scope="col" className="py-2 pr-4 text-right">
              Latency
            </th>
            <th scope="col" className="py-2 text-right">
              Cost
            </th>
          </tr>
        </thead>
        <tbody className={stackedTable.body}>
          {requests.map((r) => (
            <tr
              key={r.id}
              data-testid="request-row"
              data-request-id={r.id}
              className={stackedTable.row}
            >
              <td
                className={`whitespace-nowrap py-2 pr-4 text-zinc-600 ${stackedTable.cell}`}
                data-label="Time"
              >
                {formatDateTime(r.createdAt, true)}
              </td>
              <td
                className={`max-w-[14rem] truncate py-2 pr-4 ${stackedTable.cell}`}
                data-label="Key"
              >
                {r.keyId ? (
                  <Link href={`/dashboard/keys/${r.keyId}`} className="hover:underline">
                    {r.keyName}
                  </Link>
                ) : (
                  r.keyName
                )}
              </td>
              <td
                className={`py-2 pr-4 font-mono text-xs break-all ${stackedTable.cell}`}
                data-label="Endpoint"
              >
                {r.endpoint}
              </td>
              <td className={`py-2 pr-4 break-all ${stackedTable.cell}`} data-label="Model">
                {r.model || "—"}
              </td>
              <td className={`py-2 pr-4 ${stackedTable.cell}`} data-label="Status">
                <StatusBadge status={r.status} />
                {r.cached && <span className="ml-1 text-xs text-zinc-600">cached</span>}
              </td>
              <td
                className={`whitespace-nowrap py-2 pr-4 text-right tabular-nums ${stackedTable.cell}`}
                data-label="Tokens in / out"
              >
                {formatCount(r.tokensIn)} / {formatCount(r.tokensOut)}
              </td>
              <td
                className={`whitespace-nowrap py-2 pr-4 text-right tabular-nums ${stackedTable.cell}`}
                data-label="Latency"
              >
                {formatCount(r.latencyMs)} ms
              </td>
              <td
                className={`whitespace-nowrap py-2 text-right tabular-nums ${stackedTable.cell}`}
                data-label="Cost"
              >
                {r.billed ? formatPkr(r.costPaisa) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
