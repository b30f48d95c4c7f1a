import Link from "next/link";
import { formatCount, formatCountOf, formatPkr } from "@/lib/plans/money";
import type { Profitability } from "@/lib/usage/profitability";
import { PlanBadge } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

/** Usage at list price against revenue this month, least profitable first. */
export function MarginTable({ data }: { data: Profitability }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600" data-testid="margin-summary">
        {formatCountOf(data.profitable, "account")} profitable, {formatCount(data.unprofitable)}{" "}
        not. Usage at list price {formatPkr(data.totalUsageCostPaisa)} against{" "}
        {formatPkr(data.totalRevenuePaisa)} revenue this month.
      </p>
      <Table testId="margin-table">
        <Head
          columns={[
            "Account",
            "Plan",
            { label: "Requests", right: true },
            { label: "Usage at list price", right: true },
            { label: "Revenue", right: true },
            { label: "Margin", right: true },
          ]}
        />
        <tbody className="divide-y divide-zinc-100">
          {data.accounts.length === 0 && (
            <EmptyRow columns={6}>No usage or payments this month yet.</EmptyRow>
          )}
          {data.accounts.map((row) => (
            <tr key={row.accountId}>
              <Cell>
                <Link
                  href={`/admin/customers/${row.accountId}`}
                  className="font-medium hover:underline"
                >
                  {row.name}
                </Link>
              </Cell>
              <Cell>
                <PlanBadge plan={row.plan} />
              </Cell>
              <Cell right>{formatCount(row.requests)}</Cell>
              <Cell right>{formatPkr(row.usageCostPaisa)}</Cell>
              <Cell right>{formatPkr(row.revenuePaisa)}</Cell>
              <Cell right className={row.marginPaisa < 0 ? "text-red-700" : "text-emerald-700"}>
                {formatPkr(row.marginPaisa)}
              </Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
