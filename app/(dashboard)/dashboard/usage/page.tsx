import type { Metadata } from "next";
import { Suspense } from "react";
import { ExportLinks } from "@/components/dashboard/export-links";
import { SplitToggle } from "@/components/dashboard/split-toggle";
import { UsageSection } from "@/components/dashboard/usage-section";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingSection } from "@/components/ui/skeleton";
import type { Split } from "@/lib/portal/usage-series";
import { requirePermission } from "@/lib/teams/require";

export const metadata: Metadata = { title: "Usage" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function UsagePage({ searchParams }: { searchParams: SearchParams }) {
  const split: Split = (await searchParams).split === "endpoint" ? "endpoint" : "key";
  const user = await requirePermission("usage:view", `/dashboard/usage?split=${split}`);
  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests and tokens per day over the last 30 days, and every recent request."
        action={<ExportLinks />}
      />
      <div className="mb-4">
        <SplitToggle current={split} basePath="/dashboard/usage" />
      </div>
      <Suspense key={split} fallback={<LoadingSection label="usage" className="h-80" />}>
        <UsageSection accountId={user.accountId} split={split} />
      </Suspense>
    </>
  );
}
