import { formatCount } from "@/lib/plans/money";
import { formatDateTime } from "@/lib/portal/format";
import type { UpstreamHealth } from "@/lib/usage/health";
import { Badge, toneOf } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** Each upstream's last hour; its status comes from the last five minutes. */
export function UpstreamsTable({ upstreams }: { upstreams: UpstreamHealth[] }) {
  return (
    <Table testId="upstreams-table">
      <Head
        columns={[
          "Upstream",
          "Status",
          { label: "Requests", right: true },
          { label: "Errors", right: true },
          { label: "p99", right: true },
          "Last error",
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {upstreams.length === 0 && (
          <EmptyRow columns={6}>No upstream was called in the last hour.</EmptyRow>
        )}
        {upstreams.map((row) => (
          <tr key={row.upstream} data-testid="upstream-row">
            <Cell mono>{row.upstream}</Cell>
            <Cell>
              <Badge tone={toneOf(row.status)}>{row.status}</Badge>
            </Cell>
            <Cell right>{formatCount(row.requests)}</Cell>
            <Cell right>
              {formatCount(row.errors)} (
              {percent.format(row.requests ? row.errors / row.requests : 0)})
            </Cell>
            <Cell right>{formatCount(row.p99)} ms</Cell>
            <Cell className="whitespace-nowrap text-zinc-600">
              {formatDateTime(row.lastErrorAt, true)}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
