import { notFound } from "next/navigation";
import { PlanButton } from "@/components/admin/plan-button";
import { PlanForm } from "@/components/admin/plan-form";
import { Cell, Head, Table } from "@/components/admin/table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { accountsByVersion } from "@/lib/admin/plans/reads";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { planHistory } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { archivePlanAction, editPlanAction, moveSubscribersAction } from "../actions";

export const metadata = { title: "Plan" };
export const dynamic = "force-dynamic";

export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/plans/${encodeURIComponent(id)}`);
  const [history, accounts] = await Promise.all([planHistory(db(), id), accountsByVersion(id)]);
  const latest = history[0];
  if (!latest) notFound();
  const behind = history
    .slice(1)
    .reduce((sum, v) => sum + (accounts.get(v.versionId ?? "") ?? 0), 0);
  return (
    <>
      <PageHeader
        title={`${latest.name} (v${latest.version})`}
        description={`Plan ${latest.id}${latest.archived ? " · archived" : ""}. Saving creates version ${latest.version + 1}.`}
      />
      <div className="space-y-6">
        <Card title="Edit">
          <PlanForm action={editPlanAction} plan={latest} />
        </Card>
        <Card title="Versions">
          <div className="mb-3 flex flex-wrap gap-3">
            <PlanButton
              action={moveSubscribersAction}
              id={latest.id}
              label={`Move subscribers to v${latest.version} (${formatCount(behind)} behind)`}
              testId="move-subscribers"
            />
            <PlanButton
              action={archivePlanAction}
              id={latest.id}
              label={latest.archived ? "Restore (sell again)" : "Archive (stop selling)"}
              fields={{ archived: latest.archived ? "false" : "true" }}
              testId="archive-plan"
            />
          </div>
          <Table testId="plan-versions">
            <Head
              columns={[
                "Version",
                { label: "Price / month", right: true },
                { label: "Req / day", right: true },
                { label: "Tokens / day", right: true },
                "Stripe lookup key",
                { label: "Accounts", right: true },
              ]}
            />
            <tbody className="divide-y divide-zinc-100">
              {history.map((version) => (
                <tr key={version.versionId} data-testid={`plan-version-${version.version}`}>
                  <Cell>v{version.version}</Cell>
                  <Cell right>
                    {version.monthlyPricePaisa === null
                      ? "custom"
                      : formatPkr(version.monthlyPricePaisa)}
                  </Cell>
                  <Cell right>{formatCount(version.limits.requestsPerDay)}</Cell>
                  <Cell right>{formatCount(version.limits.tokensPerDay)}</Cell>
                  <Cell mono>{version.stripeLookupKey ?? "—"}</Cell>
                  <Cell right testId={`plan-version-${version.version}-accounts`}>
                    {formatCount(accounts.get(version.versionId ?? "") ?? 0)}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      </div>
    </>
  );
}
