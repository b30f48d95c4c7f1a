import Link from "next/link";
import { formatCount, formatPkr } from "@/lib/plans/money";
import { formatDay } from "@/lib/portal/format";
import type { CustomerRow } from "@/lib/usage/customers";
import { AccountStatusBadge, PlanBadge } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

const COLUMNS = [
  "Customer",
  "Plan",
  "Status",
  { label: "MRR", right: true },
  { label: "Requests (month)", right: true },
  { label: "Tokens (month)", right: true },
  { label: "Keys", right: true },
  "Last active",
];

export function CustomersTable({ rows }: { rows: CustomerRow[] }) {
  return (
    <Table testId="customers-table">
      <Head columns={COLUMNS} />
      <tbody className="divide-y divide-zinc-100">
        {rows.length === 0 && <EmptyRow columns={COLUMNS.length}>No customer matches.</EmptyRow>}
        {rows.map((row) => (
          <tr key={row.id} data-testid="customer-row" data-account-id={row.id}>
            <Cell>
              <Link href={`/admin/customers/${row.id}`} className="font-medium hover:underline">
                {row.name}
              </Link>
              <span className="block text-xs text-zinc-500">{row.email ?? "no members"}</span>
            </Cell>
            <Cell>
              <PlanBadge plan={row.plan} />
            </Cell>
            <Cell>
              <AccountStatusBadge status={row.status} />
            </Cell>
            <Cell right>{formatPkr(row.mrrPaisa)}</Cell>
            <Cell right testId="customer-requests">
              {formatCount(row.requests)}
            </Cell>
            <Cell right>{formatCount(row.tokens)}</Cell>
            <Cell right>{formatCount(row.keys)}</Cell>
            <Cell className="whitespace-nowrap text-zinc-600">
              {row.lastActiveDay ? formatDay(row.lastActiveDay) : "—"}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
