import type { Metadata } from "next";
import { BillingNotice } from "@/components/billing/billing-notice";
import { ChosenPlan } from "@/components/billing/chosen-plan";
import { CurrentPlanCard } from "@/components/billing/current-plan-card";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { PlanCards } from "@/components/billing/plan-cards";
import { TestModeBanner } from "@/components/billing/test-mode-banner";
import { PageHeader } from "@/components/ui/page-header";
import { billingOverview } from "@/lib/billing/overview";
import { requirePermission } from "@/lib/teams/require";
import { manage, upgrade } from "./actions";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) =>
  typeof value === "string" ? value : undefined;

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const plan = one(params.plan);
  const user = await requirePermission(
    "billing:view",
    plan ? `/dashboard/billing?plan=${encodeURIComponent(plan)}` : "/dashboard/billing",
  );
  const overview = await billingOverview(user.accountId);
  return (
    <>
      <PageHeader
        title="Billing"
        description="Your plan, its price in PKR, and your invoices. Payments are handled by Stripe."
      />
      {overview.testMode && <TestModeBanner mode={overview.mode} />}
      <BillingNotice checkout={one(params.checkout)} error={one(params.error)} />
      <ChosenPlan planId={one(params.plan)} overview={overview} upgrade={upgrade} />
      <div className="space-y-6">
        <CurrentPlanCard overview={overview} manage={manage} />
        <PlanCards overview={overview} actions={{ upgrade, manage }} />
        <InvoiceTable invoices={overview.invoices} />
      </div>
    </>
  );
}
