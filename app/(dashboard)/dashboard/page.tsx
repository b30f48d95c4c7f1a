import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { MonthStats } from "@/components/dashboard/month-stats";
import { PlanSummary } from "@/components/dashboard/plan-summary";
import { QuickStart } from "@/components/dashboard/quick-start";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingSection } from "@/components/ui/skeleton";
import { requireUser } from "@/lib/auth/current-user";
import { publicBaseUrl } from "@/lib/portal/base-url";
import { activeKeyCount } from "@/lib/portal/keys";
import { quickStartModel } from "@/lib/portal/models";
import { accountOverview } from "@/lib/portal/overview";
import { can, homeFor } from "@/lib/teams/roles";

export const metadata: Metadata = { title: "Overview" };

async function Usage({ accountId }: { accountId: string }) {
  const overview = await accountOverview(accountId);
  if (!overview) throw new Error("account not found");
  return (
    <div className="space-y-6">
      <PlanSummary overview={overview} />
      <MonthStats month={overview.month} />
      <Card title="Quick start">
        <QuickStart baseUrl={await publicBaseUrl()} model={quickStartModel(overview.plan)} />
        <p className="mt-3 text-sm text-zinc-600">
          Set <code className="rounded bg-zinc-100 px-1">DARWAZA_API_KEY</code> to a key from the{" "}
          <Link href="/dashboard/keys" className="text-brand-700 underline">
            Keys
          </Link>{" "}
          page. Any OpenAI-compatible client works the same way.
        </p>
      </Card>
    </div>
  );
}

async function FirstKeyHint({ accountId }: { accountId: string }) {
  if ((await activeKeyCount(accountId)) > 0) return null;
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-brand-100 bg-brand-50 p-4">
      <p className="text-sm text-zinc-800">
        <strong>Welcome!</strong> Create an API key, then make your first call with the snippet
        below.
      </p>
      <Link href="/dashboard/keys" className={buttonStyles.primary}>
        Create a key
      </Link>
    </div>
  );
}

export default async function OverviewPage() {
  const user = await requireUser("/dashboard");
  // A role without the overview (billing) starts on its own first page.
  if (!can(user.teamRole, "overview:view")) redirect(homeFor(user.teamRole));
  return (
    <>
      <PageHeader
        title="Overview"
        description="Your plan, today's usage against its limits, and this month so far."
      />
      <Suspense fallback={null}>
        <FirstKeyHint accountId={user.accountId} />
      </Suspense>
      <Suspense fallback={<LoadingSection label="usage" className="h-72" />}>
        <Usage accountId={user.accountId} />
      </Suspense>
    </>
  );
}
