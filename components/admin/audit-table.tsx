import Link from "next/link";
import type { AuditRow } from "@/lib/audit/log";
import { formatDateTime } from "@/lib/portal/format";
import { AuditDetails } from "./audit-details";
import { Cell, EmptyRow, Head, Table } from "./table";

/** Who did what to which account, and when (business time zone). */
export function AuditTable({
  rows,
  showAccount = true,
}: {
  rows: AuditRow[];
  showAccount?: boolean;
}) {
  const columns = [
    "When",
    "Who",
    "Action",
    ...(showAccount ? ["Account"] : []),
    "Target",
    "Details",
  ];
  return (
    <Table testId="audit-table">
      <Head columns={columns} />
      <tbody className="divide-y divide-zinc-100">
        {rows.length === 0 && <EmptyRow columns={columns.length}>Nothing recorded.</EmptyRow>}
        {rows.map((row) => (
          <tr key={row.id} data-testid="audit-row" data-action={row.action}>
            <Cell className="whitespace-nowrap text-zinc-600">
              {formatDateTime(row.createdAt, true)}
            </Cell>
            <Cell>
              {row.actorEmail ?? row.actorId ?? "—"}
              <span className="block text-xs text-zinc-500">{row.actorType}</span>
            </Cell>
            <Cell mono testId="audit-action">
              {row.action}
            </Cell>
            {showAccount && (
              <Cell mono>
                {row.accountId ? (
                  <Link href={`/admin/customers/${row.accountId}`} className="hover:underline">
                    {row.accountId}
                  </Link>
                ) : (
                  "—"
                )}
              </Cell>
            )}
            <Cell mono>{row.target ?? ""}</Cell>
            <Cell className="min-w-[16rem] max-w-md">
              <AuditDetails details={row.details} />
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
