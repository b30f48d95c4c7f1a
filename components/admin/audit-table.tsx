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
  // Action, target and details share one wide column: separate narrow ones squeezed the details.
  const columns = ["When", "Who", ...(showAccount ? ["Account"] : []), "What happened"];
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
            <Cell className="break-all">
              {row.actorEmail ?? row.actorId ?? "—"}
              <span className="block text-xs text-zinc-500">{row.actorType}</span>
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
            <Cell className="min-w-[16rem]">
              <span className="font-mono text-xs font-medium" data-testid="audit-action">
                {row.action}
              </span>
              {row.target && (
                <span className="block break-all font-mono text-xs text-zinc-600">
                  on {row.target}
                </span>
              )}
              <div className="mt-1">
                <AuditDetails details={row.details} />
              </div>
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
