import { BusinessMarginCard } from "@/components/admin/business-margin";
import { MarginTable } from "@/components/admin/margin-table";
import { PlanTable } from "@/components/admin/plan-table";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { RevenueStats } from "@/components/admin/revenue-stats";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadOverview } from "@/lib/admin/overview";
import { infraCostPaisa } from "@/lib/admin/plans/changes";
import { businessMargin } from "@/lib/admin/plans/margin";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatPkr } from "@/lib/plans/money";
import { currentPeriod } from "@/lib/usage/period";

export const metadata = { title: "Revenue" };

export default async function AdminOverviewPage() {
  await requireAdmin("/admin");
  const period = currentPeriod();
  const [{ summary, months, margins }, infra] = await Promise.all([
    loadOverview(period),
    infraCostPaisa(),
  ]);
  const collected = months.reduce((sum, month) => sum + month.collectedPaisa, 0);
  return (
    <>
      <PageHeader
        title="Revenue"
        description={`Now, in PKR. Months and days follow ${period.timeZone}.`}
      />
      <div className="space-y-6">
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
        <Card title="Margin this month">
          <BusinessMarginCard margin={businessMargin(margins, infra)} />
        </Card>
        <Card title="Who is profitable this month">
          <MarginTable data={margins} />
        </Card>
      </div>
    </>
  );
}
