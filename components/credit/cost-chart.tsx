import { type ChartPoint, UsageChart } from "@/components/dashboard/usage-chart";
import { Card } from "@/components/ui/card";
import { formatMicros, MICROS_PER_PKR } from "@/lib/credit/money";
import type { CostSeries } from "@/lib/portal/cost-series";
import { formatDay } from "@/lib/portal/format";

const SERIES = [{ id: "cost", name: "Cost (PKR)" }];

/** What the account's calls cost per day (list price, exact micros in the table). */
export function CostChart({ cost }: { cost: CostSeries }) {
  // For drawing only: the exact figures are in the table below.
  const data: ChartPoint[] = cost.days.map(({ day, costMicros }) => ({
    day,
    label: formatDay(day),
    cost: Number(costMicros) / MICROS_PER_PKR,
  }));
  const used = cost.days.filter((d) => d.costMicros > 0n);
  return (
    <Card
      testId="chart-cost"
      title="Cost per day"
      action={
        <span className="text-sm tabular-nums text-zinc-500" data-testid="cost-total">
          {formatMicros(cost.totalMicros)} in 30 days
        </span>
      }
    >
      <UsageChart data={data} series={SERIES} allowDecimals />
      {/* A block, not the table, is sr-only: a table does not shrink to 1 px and would widen the page. */}
      <div className="sr-only">
        <table data-testid="chart-table-cost">
          <caption>Cost per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {used.map(({ day, costMicros }) => (
              <tr key={day} data-day={day}>
                <th scope="row">{day}</th>
                <td data-micros={costMicros.toString()}>{formatMicros(costMicros)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
