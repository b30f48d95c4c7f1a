import { BusinessMarginCard } from "@/components/admin/business-margin";
import { MarginTable } from "@/components/admin/margin-table";
import { MoneyRangeForm } from "@/components/admin/money-range-form";
import { PlanTable } from "@/components/admin/plan-table";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { RevenueSplitStats } from "@/components/admin/revenue-split";
import { RevenueStats } from "@/components/admin/revenue-stats";
import { UpstreamCostTable } from "@/components/admin/upstream-cost-table";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatMicrosPkr } from "@/lib/admin/money/format";
import { moneyReport } from "@/lib/admin/money/margin";
import { moneyRange } from "@/lib/admin/money/range";
import { loadOverview } from "@/lib/admin/overview";
import { infraCostPaisa } from "@/lib/admin/plans/changes";
import { requireAdmin } from "@/lib/admin/require-admin";
import { dayParam, param, type SearchParams } from "@/lib/admin/search-params";
import { formatPkr } from "@/lib/plans/money";
import { currentPeriod } from "@/lib/usage/period";

export const metadata = { title: "Revenue" };

export default async function AdminOverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin");
  const params = await searchParams;
  const period = currentPeriod();
  const asked = {
    range: param(params, "range"),
    from: dayParam(params, "from"),
    to: dayParam(params, "to"),
  };
  const chosen = moneyRange(asked, period.at, period.timeZone);
  const range =
    chosen ?? (moneyRange({}, period.at, period.timeZone) as NonNullable<typeof chosen>);
  const infra = await infraCostPaisa();
  const [{ summary, months, margins }, money] = await Promise.all([
    loadOverview(period),
    moneyReport(range, infra),
  ]);
  const collected = months.reduce((sum, month) => sum + month.collectedPaisa, 0);
  const { margin } = money;
  return (
    <>
      <PageHeader
        title="Revenue"
        description={`In PKR, from our ledger, invoices and usage. Months and days follow ${period.timeZone}.`}
      />
      <div className="space-y-6">
        <MoneyRangeForm range={range} from={asked.from} to={asked.to} />
        {!chosen && (
          <Alert tone="error">
            That range is not valid (from a day to a later one, at most a year): showing this month.
          </Alert>
        )}
        <RevenueSplitStats split={money.split} label={range.label} />
        <Card title={`Margin, ${range.label}`}>
          <BusinessMarginCard
            margin={{
              revenue: formatMicrosPkr(margin.revenueMicros),
              upstream: formatMicrosPkr(margin.upstreamCostMicros),
              infra: formatMicrosPkr(margin.infraCostMicros),
              margin: formatMicrosPkr(margin.marginMicros),
              negative: margin.marginMicros < 0n,
              infraMonthlyPkr: Number(margin.infraMonthlyPaisa) / 100,
            }}
          />
        </Card>
        <Card title={`Upstream cost by model, ${range.label}`}>
          <UpstreamCostTable models={money.upstream} />
        </Card>
        <RevenueStats summary={summary} />
        <div className="grid gap-6 lg:grid-cols-5">
          <Card title="By plan" className="lg:col-span-2">
            <PlanTable plans={summary.byPlan} />
          </Card>
          <Card
            title="Collected per month"
            action={
              <span className="text-sm text-zinc-600">{formatPkr(collected)} in 12 months</span>
            }
            className="lg:col-span-3"
            testId="revenue-chart"
          >
            <RevenueChart months={months} />
          </Card>
        </div>
        <Card title="Who is profitable this month">
          <MarginTable data={margins} />
        </Card>
      </div>
    </>
  );
}
