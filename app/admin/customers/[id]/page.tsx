import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminKeysTable } from "@/components/admin/admin-keys-table";
import { AuditTable } from "@/components/admin/audit-table";
import { AccountStatusBadge, PlanBadge } from "@/components/admin/badges";
import { InvoicesTable, SubscriptionsTable } from "@/components/admin/billing-tables";
import { AdminCreateKeyForm } from "@/components/admin/create-key-form";
import { CustomerUsageCharts } from "@/components/admin/customer-usage-charts";
import { EnterpriseForm } from "@/components/admin/enterprise-form";
import { LimitsSummary } from "@/components/admin/limits-summary";
import { StatusForm } from "@/components/admin/status-form";
import { StripeEventsTable } from "@/components/admin/stripe-events-table";
import { Card } from "@/components/ui/card";
import { customerDetail } from "@/lib/admin/customer-detail";
import { requireAdmin } from "@/lib/admin/require-admin";
import { recentStripeEvents } from "@/lib/admin/stripe-events";
import { auditLog } from "@/lib/audit/log";
import { formatPkr } from "@/lib/plans/money";
import { effectiveLimits } from "@/lib/plans/plans";
import { accountPlan } from "@/lib/plans/store";
import { formatDateTime } from "@/lib/portal/format";
import { db } from "@/lib/services";
import { customerUsage } from "@/lib/usage/customer-usage";
import { currentPeriod } from "@/lib/usage/period";

export const metadata = { title: "Customer" };

type Params = Promise<{ id: string }>;

export default async function CustomerPage({ params }: { params: Params }) {
  const { id } = await params;
  await requireAdmin(`/admin/customers/${encodeURIComponent(id)}`);
  const period = currentPeriod();
  const [account, usage, audit, events, plan] = await Promise.all([
    customerDetail(id),
    customerUsage(id, period),
    auditLog({ account: id, pageSize: 20 }, period.timeZone),
    recentStripeEvents({ accountId: id, limit: 20 }),
    accountPlan(db(), id),
  ]);
  if (!account) notFound();
  const limits = effectiveLimits(account, plan.limits);
  const owner = account.members[0]?.user;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <nav aria-label="Breadcrumb" className="text-sm text-zinc-600">
            <Link href="/admin/customers" className="hover:underline">
              Customers
            </Link>{" "}
            / <span data-testid="customer-breadcrumb">{owner?.email ?? account.name}</span>
          </nav>
          <h1 className="mt-1 text-2xl font-bold tracking-tight" data-testid="customer-name">
            {account.name}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
            <span data-testid="customer-email">{owner?.email ?? "no members"}</span>
            <PlanBadge plan={account.plan} />
            <AccountStatusBadge status={account.status} />
            <span>since {formatDateTime(account.createdAt)}</span>
          </p>
        </div>
        {account.plan === "enterprise" && account.customPricePaisa !== null && (
          <p className="text-sm text-zinc-600">
            Contract: <span className="font-semibold">{formatPkr(account.customPricePaisa)}</span> /
            month
          </p>
        )}
      </div>

      <Card title="Limits in force">
        <LimitsSummary account={account} planLimits={plan.limits} />
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Enterprise terms">
          <EnterpriseForm
            accountId={account.id}
            defaults={{
              limitRpm: limits.requestsPerMinute,
              limitRpd: limits.requestsPerDay,
              limitTpd: limits.tokensPerDay,
              limitMaxTokens: limits.maxTokensPerRequest,
              pricePkr: account.customPricePaisa === null ? null : account.customPricePaisa / 100,
            }}
          />
        </Card>
        <Card title="Access">
          <p className="mb-4 text-sm text-zinc-600">
            {account.status === "active"
              ? "Suspending refuses every key of this account with 403 from its next call."
              : "This account is suspended: its keys are refused with 403."}
          </p>
          <StatusForm accountId={account.id} status={account.status} />
        </Card>
      </div>

      <Card title="Usage, last 30 days">
        <CustomerUsageCharts usage={usage} />
      </Card>

      <Card title="Credit">
        <Link
          href={`/admin/customers/${encodeURIComponent(id)}/credit`}
          className="text-sm hover:underline"
        >
          Ledger and grants →
        </Link>
      </Card>
      <Card title="Keys">
        <div className="space-y-4">
          <AdminCreateKeyForm accountId={account.id} />
          <AdminKeysTable keys={account.keys} />
        </div>
      </Card>

      <Card title="Subscriptions">
        <SubscriptionsTable subscriptions={account.subscriptions} />
      </Card>
      <Card title="Invoices">
        <InvoicesTable invoices={account.invoices} />
      </Card>
      <Card title="Stripe events">
        <StripeEventsTable events={events} showAccount={false} />
      </Card>
      <Card
        title="Audit log"
        action={
          <Link
            href={`/admin/audit?account=${encodeURIComponent(account.id)}`}
            className="text-sm underline"
          >
            All entries
          </Link>
        }
      >
        <AuditTable rows={audit.rows} showAccount={false} />
      </Card>
    </div>
  );
}
