import { UsageChart } from "@/components/dashboard/usage-chart";
import type { MonthRevenue } from "@/lib/admin/revenue-history";

const monthLabel = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  month: "short",
  year: "2-digit",
});

/** Money collected per month (paid invoices), in rupees, on the portal's bar chart. */
export function RevenueChart({ months }: { months: MonthRevenue[] }) {
  const data = months.map((month) => {
    const [year, index] = month.month.split("-").map(Number) as [number, number];
    return {
      day: month.month,
      label: monthLabel.format(new Date(Date.UTC(year, index - 1, 1))),
      collected: Math.round(month.collectedPaisa / 100),
    };
  });
  return (
    <UsageChart data={data} series={[{ id: "collected", name: "Collected (PKR)" }]} everyLabel />
  );
}
