import Link from "next/link";
import { revokeKey } from "@/app/admin/actions";
import { KeyStatusBadge } from "@/components/dashboard/key-status";
import { RevokeKeyButton } from "@/components/dashboard/revoke-key-button";
import { formatDateTime } from "@/lib/portal/format";
import { keyStatus } from "@/lib/portal/keys";
import { Cell, EmptyRow, Head, Table } from "./table";

export interface AdminKeyRow {
  id: string;
  label: string;
  display: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Shown on the all-keys page, where keys of many accounts mix. */
  account?: { id: string; name: string; email: string | null };
}

/** Keys of one account or of all, with a revoke for any that still works. Never a secret. */
export function AdminKeysTable({ keys }: { keys: AdminKeyRow[] }) {
  const withAccount = keys.some((key) => key.account);
  const columns = [
    ...(withAccount ? ["Account"] : []),
    "Label",
    "Key",
    "Created",
    "Last used",
    "Status",
    "",
  ];
  return (
    <Table testId="admin-keys-table">
      <Head columns={columns} />
      <tbody className="divide-y divide-zinc-100">
        {keys.length === 0 && <EmptyRow columns={columns.length}>No keys yet.</EmptyRow>}
        {keys.map((key) => {
          const status = keyStatus(key);
          return (
            <tr key={key.id} data-testid="admin-key-row" data-key-id={key.id}>
              {withAccount && (
                <Cell>
                  {key.account && (
                    <Link
                      href={`/admin/customers/${key.account.id}`}
                      className="font-medium hover:underline"
                    >
                      {key.account.name}
                    </Link>
                  )}
                  <span className="block text-xs text-zinc-500">{key.account?.email}</span>
                </Cell>
              )}
              <Cell>{key.label}</Cell>
              <Cell mono>{key.display}</Cell>
              <Cell className="whitespace-nowrap text-zinc-600">
                {formatDateTime(key.createdAt)}
              </Cell>
              <Cell className="whitespace-nowrap text-zinc-600">
                {formatDateTime(key.lastUsedAt)}
              </Cell>
              <Cell>
                <KeyStatusBadge status={status} />
              </Cell>
              <Cell right>
                {status === "active" && (
                  <RevokeKeyButton id={key.id} label={key.label} action={revokeKey} />
                )}
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
