import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { recentRequests } from "@/lib/portal/recent-requests";
import { type Split, usageSeries } from "@/lib/portal/usage-series";
import { RecentRequestsTable } from "./recent-requests-table";
import { UsageCharts } from "./usage-charts";

/** Charts (rollups) and the recent-requests table (latest events) for an account or one key. */
export async function UsageSection({
  accountId,
  split,
  keyId,
}: {
  accountId: string;
  split: Split;
  keyId?: string;
}) {
  const [usage, recent] = await Promise.all([
    usageSeries(accountId, split, { keyId }),
    recentRequests(accountId, { keyId, limit: 50 }),
  ]);
  if (usage.totals.requests === 0 && recent.length === 0) {
    return (
      <EmptyState
        title="No requests yet"
        action={
          keyId ? undefined : (
            <Link href="/dashboard" className={buttonStyles.primary}>
              See the quick start
            </Link>
          )
        }
      >
        {keyId
          ? "Nothing has called the API with this key yet."
          : "Create a key and make your first call: charts and a log of every request show up here within seconds."}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6">
      <UsageCharts usage={usage} splitLabel={split} />
      <Card
        title="Recent requests"
        action={<span className="text-sm text-zinc-500">latest {recent.length}</span>}
      >
        {recent.length === 0 ? (
          <p className="text-sm text-zinc-600">No requests recorded recently.</p>
        ) : (
          <RecentRequestsTable requests={recent} />
        )}
      </Card>
    </div>
  );
}
