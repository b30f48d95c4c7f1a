import Link from "next/link";
import { formatDateTime } from "@/lib/portal/format";
import type { RevokeKeyAction } from "@/lib/portal/key-forms";
import type { PortalKey } from "@/lib/portal/keys";
import { KeyStatusBadge } from "./key-status";
import { RevokeKeyButton } from "./revoke-key-button";

/** The account's keys: never the secret, only `sk-…last4`. Dates collapse under the name on phones. */
export function KeysTable({
  keys,
  revokeAction,
}: {
  keys: PortalKey[];
  revokeAction: RevokeKeyAction;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2.5">
              Name
            </th>
            <th scope="col" className="px-4 py-2.5">
              Key
            </th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
              Created
            </th>
            <th scope="col" className="hidden px-4 py-2.5 lg:table-cell">
              Created by
            </th>
            <th scope="col" className="hidden px-4 py-2.5 md:table-cell">
              Last used
            </th>
            <th scope="col" className="px-4 py-2.5">
              Status
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {keys.map((key) => (
            <tr key={key.id} data-testid="key-row" data-key-id={key.id}>
              <td className="px-4 py-3">
                <Link href={`/dashboard/keys/${key.id}`} className="font-medium hover:underline">
                  {key.label}
                </Link>
                <span className="block text-xs text-zinc-500 md:hidden">
                  Last used {formatDateTime(key.lastUsedAt)}
                </span>
                {key.createdBy && (
                  <span className="block break-all text-xs text-zinc-500 lg:hidden">
                    By {key.createdBy}
                  </span>
                )}
              </td>
              <td className="px-4 py-3 font-mono text-xs" data-testid="key-display">
                {key.display}
              </td>
              <td className="hidden whitespace-nowrap px-4 py-3 text-zinc-600 md:table-cell">
                {formatDateTime(key.createdAt)}
              </td>
              <td
                className="hidden break-all px-4 py-3 text-zinc-600 lg:table-cell"
                data-testid="key-created-by"
              >
                {key.createdBy ?? "—"}
              </td>
              <td
                className="hidden whitespace-nowrap px-4 py-3 text-zinc-600 md:table-cell"
                data-testid="key-last-used"
              >
                {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}
                {key.lastUsedIp && (
                  <span className="block text-xs text-zinc-600">from {key.lastUsedIp}</span>
                )}
              </td>
              <td className="px-4 py-3">
                <KeyStatusBadge status={key.status} />
              </td>
              <td className="px-4 py-3 text-right">
                {key.status === "active" && (
                  <RevokeKeyButton id={key.id} label={key.label} action={revokeAction} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
