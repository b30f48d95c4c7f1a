import { UsageChart } from "@/components/dashboard/usage-chart";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { formatDay } from "@/lib/portal/format";
import type { CustomerUsage, UsageSplit } from "@/lib/usage/customer-usage";
import { Cell, EmptyRow, Head, Table } from "./table";

function SplitTable({ title, rows }: { title: string; rows: UsageSplit[] }) {
  return (
    <Table>
      <Head
        columns={[
          title,
          { label: "Requests", right: true },
          { label: "Tokens", right: true },
          { label: "Cost", right: true },
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {rows.length === 0 && <EmptyRow columns={4}>No usage in these 30 days.</EmptyRow>}
        {rows.map((row) => (
          <tr key={row.name}>
            <Cell mono>{row.name}</Cell>
            <Cell right>{formatCount(row.requests)}</Cell>
            <Cell right>{formatCount(row.tokens)}</Cell>
            <Cell right>{formatPkr(row.costPaisa)}</Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The last 30 days of one account, from the daily rollups. */
export function CustomerUsageCharts({ usage }: { usage: CustomerUsage }) {
  const requests = usage.days.map((day) => ({
    day: day.day,
    label: formatDay(day.day),
    answered: day.requests - day.errors,
    errors: day.errors,
  }));
  const tokens = usage.days.map((day) => ({
    day: day.day,
    label: formatDay(day.day),
    tokensIn: day.tokensIn,
    tokensOut: day.tokensOut,
  }));
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0">
          <h3 className="mb-2 text-sm font-medium text-zinc-700">Requests per day</h3>
          <UsageChart
            data={requests}
            series={[
              { id: "answered", name: "Answered" },
              { id: "errors", name: "Refused or failed" },
            ]}
          />
        </div>
        <div className="min-w-0">
          <h3 className="mb-2 text-sm font-medium text-zinc-700">Tokens per day</h3>
          <UsageChart
            data={tokens}
            series={[
              { id: "tokensIn", name: "Input" },
              { id: "tokensOut", name: "Output" },
            ]}
          />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <SplitTable title="Endpoint" rows={usage.byEndpoint} />
        <SplitTable title="Model" rows={usage.byModel} />
      </div>
    </div>
  );
}
