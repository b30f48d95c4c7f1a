import type { UpstreamStatus } from "@/lib/gateway/control";
import { Badge, type Tone } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

const TONE: Record<UpstreamStatus["status"], Tone> = {
  healthy: "good",
  probing: "warn",
  "open circuit": "bad",
  idle: "neutral",
};

/** Every upstream the gateway routes to, with its circuit and its last 100 calls. */
export function RoutingStatusTable({ upstreams }: { upstreams: UpstreamStatus[] }) {
  return (
    <Table testId="routing-status">
      <Head
        columns={[
          "Upstream",
          "Kind",
          "Base URL",
          "Models",
          { label: "Weight", right: true },
          "Status",
          { label: "Error rate", right: true },
          { label: "Latency", right: true },
          "Last error",
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {upstreams.length === 0 && <EmptyRow columns={9}>No upstreams.</EmptyRow>}
        {upstreams.map((row) => (
          <tr key={row.id} data-testid="routing-row">
            <Cell mono>{row.id}</Cell>
            <Cell>{row.kind}</Cell>
            <Cell mono className="max-w-64 truncate">
              {row.baseUrl}
            </Cell>
            <Cell mono>{row.models.join(", ")}</Cell>
            <Cell right>{row.weight}</Cell>
            <Cell>
              <Badge tone={TONE[row.status]}>{row.status}</Badge>
            </Cell>
            <Cell right>{row.calls ? percent.format(row.errorRate) : "–"}</Cell>
            <Cell right>{row.calls ? `${row.latencyMs} ms` : "–"}</Cell>
            <Cell className="text-zinc-600">{row.lastError ?? ""}</Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
