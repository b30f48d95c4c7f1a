import type { PlanRevenue } from "@/lib/admin/revenue";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { PlanBadge } from "./badges";
import { Cell, Head, Table } from "./table";

/** MRR and subscribers per plan; accounts counts everyone on the plan, paying or not. */
export function PlanTable({ plans }: { plans: PlanRevenue[] }) {
  return (
    <Table testId="plan-table">
      <Head
        columns={[
          "Plan",
          { label: "Accounts", right: true },
          { label: "Paying", right: true },
          { label: "MRR", right: true },
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {plans.map((plan) => (
          <tr key={plan.plan} data-testid={`plan-${plan.plan}`}>
            <Cell>
              <PlanBadge plan={plan.plan} />
            </Cell>
            <Cell right testId={`plan-${plan.plan}-accounts`}>
              {formatCount(plan.accounts)}
            </Cell>
            <Cell right testId={`plan-${plan.plan}-subscribers`}>
              {formatCount(plan.subscribers)}
            </Cell>
            <Cell right testId={`plan-${plan.plan}-mrr`}>
              {formatPkr(plan.mrrPaisa)}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
