import { Card } from "@/components/ui/card";
import { formatCount } from "@/lib/plans/money";
import { formatDay } from "@/lib/portal/format";
import type { DayPoint, Series, UsageSeries } from "@/lib/portal/usage-series";
import { type ChartPoint, UsageChart } from "./usage-chart";

function points(rows: DayPoint[]): ChartPoint[] {
  return rows.map((row) => ({ ...row, label: formatDay(row.day) }));
}

/** The numbers behind a chart, for screen readers (and tests): only days with any usage. */
function ChartTable({
  id,
  title,
  rows,
  series,
}: {
  id: string;
  title: string;
  rows: DayPoint[];
  series: Series[];
}) {
  const used = rows
    .map((row) => ({ row, total: series.reduce((sum, s) => sum + Number(row[s.id] ?? 0), 0) }))
    .filter(({ total }) => total > 0);
  // A block, not the table, is sr-only: a table does not shrink to 1 px and would widen the page.
  return (
    <div className="sr-only">
      <table data-testid={`chart-table-${id}`}>
        <caption>{title} per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Total</th>
            {series.map((s) => (
              <th key={s.id} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {used.map(({ row, total }) => (
            <tr key={row.day} data-day={row.day}>
              <th scope="row">{row.day}</th>
              <td data-testid="total">{total}</td>
              {series.map((s) => (
                <td key={s.id}>{Number(row[s.id] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Requests and tokens per day, last 30 days, from the daily rollups. */
export function UsageCharts({ usage, splitLabel }: { usage: UsageSeries; splitLabel: string }) {
  const charts = [
    { id: "requests", title: "Requests", rows: usage.requests, total: usage.totals.requests },
    { id: "tokens", title: "Tokens", rows: usage.tokens, total: usage.totals.tokens },
  ];
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {charts.map((chart) => (
        <Card
          key={chart.id}
          testId={`chart-${chart.id}`}
          title={`${chart.title} per day, by ${splitLabel}`}
          action={
            <span className="text-sm tabular-nums text-zinc-500">
              {formatCount(chart.total)} in 30 days
            </span>
          }
        >
          <UsageChart data={points(chart.rows)} series={usage.series} />
          <ChartTable id={chart.id} title={chart.title} rows={chart.rows} series={usage.series} />
        </Card>
      ))}
    </div>
  );
}
