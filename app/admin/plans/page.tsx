import Link from "next/link";
import { PlanForm } from "@/components/admin/plan-form";
import { Cell, Head, Table } from "@/components/admin/table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { accountsByVersion } from "@/lib/admin/plans/reads";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { listPlans } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { createPlanAction } from "./actions";

export const metadata = { title: "Plans" };
export const dynamic = "force-dynamic";

export default async function PlansPage() {
  await requireAdmin("/admin/plans");
  const [plans, accounts] = await Promise.all([
    listPlans(db(), { includeArchived: true }),
    accountsByVersion(),
  ]);
  return (
    <>
      <PageHeader
        title="Plans"
        description="What you sell. An edit is saved as a new version: new subscribers get it, existing ones keep theirs until you move them. Paid plans sold online are synced to a Stripe product and PKR price."
      />
      <div className="space-y-6">
        <Card title="Plans">
          <Table testId="plans-table">
            <Head
              columns={[
                "Plan",
                "Version",
                { label: "Price / month", right: true },
                { label: "Req / min", right: true },
                { label: "Req / day", right: true },
                { label: "Tokens / day", right: true },
                "Models",
                "Sale",
                { label: "Accounts on it", right: true },
              ]}
            />
            <tbody className="divide-y divide-zinc-100">
              {plans.map((plan) => (
                <tr key={plan.id} data-testid={`plan-row-${plan.id}`}>
                  <Cell>
                    <Link href={`/admin/plans/${plan.id}`} className="font-medium hover:underline">
                      {plan.name}
                    </Link>{" "}
                    <span className="font-mono text-xs text-zinc-500">{plan.id}</span>
                  </Cell>
                  <Cell>v{plan.version}</Cell>
                  <Cell right>
                    {plan.monthlyPricePaisa === null ? "custom" : formatPkr(plan.monthlyPricePaisa)}
                  </Cell>
                  <Cell right>{formatCount(plan.limits.requestsPerMinute)}</Cell>
                  <Cell right>{formatCount(plan.limits.requestsPerDay)}</Cell>
                  <Cell right>{formatCount(plan.limits.tokensPerDay)}</Cell>
                  <Cell>{plan.models ? plan.models.join(", ") : "all of its rank"}</Cell>
                  <Cell>
                    {plan.archived ? "archived" : plan.selfServe ? "online" : "by the team"}
                  </Cell>
                  <Cell right>{formatCount(accounts.get(plan.versionId ?? "") ?? 0)}</Cell>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
        <Card title="Create a plan">
          <PlanForm action={createPlanAction} />
        </Card>
      </div>
    </>
  );
}
