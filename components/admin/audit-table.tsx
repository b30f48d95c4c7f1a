import Link from "next/link";
import type { AuditRow } from "@/lib/audit/log";
import { formatDateTime } from "@/lib/portal/format";
import { Cell, EmptyRow, Head, Table } from "./table";

function details(value: AuditRow["details"]): string {
  if (value === null || value === undefined) return "";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

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
            <Cell mono className="max-w-md break-all text-zinc-600">
              {details(row.details)}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
