import { LatencyChart } from "@/components/admin/latency-chart";
import { UpstreamsTable } from "@/components/admin/upstreams-table";
import { Stat } from "@/components/dashboard/stat";
import { UsageChart } from "@/components/dashboard/usage-chart";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/admin/require-admin";
import { env } from "@/lib/config/env";
import { formatCount } from "@/lib/plans/money";
import { gatewayHealth } from "@/lib/usage/health";

export const metadata = { title: "Gateway health" };

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 2 });

export default async function HealthPage() {
  await requireAdmin("/admin/health");
  const health = await gatewayHealth();
  const minute = new Intl.DateTimeFormat("en-GB", {
    timeZone: env().DARWAZA_TIMEZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const label = (iso: string) => minute.format(new Date(iso));
  const traffic = health.minutes.map((row) => ({
    day: row.minute,
    label: label(row.minute),
    answered: row.requests - row.errors - row.rejected,
    rejected: row.rejected,
    errors: row.errors,
  }));
  const latency = health.minutes.map((row) => ({
    label: label(row.minute),
    p50: row.p50,
    p99: row.p99,
  }));
  return (
    <>
      <PageHeader
        title="Gateway health"
        description={
          health.sampled
            ? "The last hour, from the newest 200,000 requests (the hour had more)."
            : "The last hour of /api/v1 traffic, from the usage events."
        }
      />
      <div className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <Stat
            label="Requests / minute"
            value={formatCount(health.requestsPerMinute)}
            testId="health-rpm"
          />
          <Stat
            label="Error rate (5xx)"
            value={percent.format(health.errorRate)}
            testId="health-error-rate"
          />
          <Stat
            label="Refused (4xx)"
            value={formatCount(health.rejected)}
            testId="health-rejected"
          />
          <Stat label="p50 latency" value={`${formatCount(health.p50)} ms`} testId="health-p50" />
          <Stat label="p99 latency" value={`${formatCount(health.p99)} ms`} testId="health-p99" />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Requests per minute">
            <UsageChart
              data={traffic}
              series={[
                { id: "answered", name: "Answered" },
                { id: "rejected", name: "Refused (4xx)" },
                { id: "errors", name: "Failed (5xx)" },
              ]}
            />
          </Card>
          <Card title="Latency">
            <LatencyChart data={latency} />
          </Card>
        </div>
        <Card title="Upstreams">
          <UpstreamsTable upstreams={health.upstreams} />
        </Card>
      </div>
    </>
  );
}
