import Link from "next/link";
import type { AccountReconciliation } from "@/lib/admin/reconcile/reconcile";
import { formatMicros } from "@/lib/credit/money";
import { Cell, EmptyRow, Head, Table } from "./table";

/** Per account: ledger, usage events' costs and Stripe payments side by side; mismatches first. */
export function ReconcileTable({ accounts }: { accounts: readonly AccountReconciliation[] }) {
  return (
    <Table testId="reconcile-table">
      <Head
        columns={[
          "Account",
          { label: "Balance", right: true },
          { label: "Usage debits", right: true },
          { label: "Events' cost", right: true },
          { label: "Top-ups − refunds", right: true },
          { label: "Stripe paid − refunded", right: true },
          "Mismatches",
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {accounts.length === 0 && (
          <EmptyRow columns={7}>No account has credit or payments yet.</EmptyRow>
        )}
        {accounts.map((account) => (
          <tr key={account.accountId} data-testid={`reconcile-${account.accountId}`}>
            <Cell>
              <Link
                href={`/admin/customers/${account.accountId}`}
                className="font-medium hover:underline"
              >
                {account.name || account.accountId}
              </Link>
            </Cell>
            <Cell right>{formatMicros(account.balanceMicros)}</Cell>
            <Cell right>{formatMicros(account.usageDebitsMicros)}</Cell>
            <Cell right>{formatMicros(account.usageEventCostMicros)}</Cell>
            <Cell right>{formatMicros(account.topupsMicros - account.refundsMicros)}</Cell>
            <Cell right>
              {formatMicros(account.stripePaidMicros - account.stripeRefundedMicros)}
            </Cell>
            <Cell>
              {account.mismatches.length === 0 ? (
                <span className="text-emerald-700">OK</span>
              ) : (
                <ul className="space-y-1 text-red-800" data-testid="mismatches">
                  {account.mismatches.slice(0, 10).map((mismatch) => (
                    <li key={`${mismatch.kind}-${mismatch.reference}`}>
                      <span className="font-medium">{mismatch.kind}</span>{" "}
                      {mismatch.reference ?? ""}: {mismatch.detail}
                      {mismatch.ledgerMicros !== null && mismatch.expectedMicros !== null && (
                        <>
                          {" "}
                          (ours {formatMicros(mismatch.ledgerMicros)}, expected{" "}
                          {formatMicros(mismatch.expectedMicros)})
                        </>
                      )}
                    </li>
                  ))}
                  {account.mismatches.length > 10 && (
                    <li>… and {account.mismatches.length - 10} more</li>
                  )}
                </ul>
              )}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
