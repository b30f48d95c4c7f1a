import type { CustomerDetail } from "@/lib/admin/customer-detail";
import { formatPkr } from "@/lib/plans/money";
import { formatDateTime } from "@/lib/portal/format";
import { Badge, PlanBadge, toneOf } from "./badges";
import { Cell, EmptyRow, Head, Table } from "./table";

export function SubscriptionsTable({
  subscriptions,
}: {
  subscriptions: CustomerDetail["subscriptions"];
}) {
  return (
    <Table testId="subscriptions-table">
      <Head
        columns={[
          "Subscription",
          "Plan",
          "Status",
          { label: "Amount", right: true },
          "Period ends",
          "Started",
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {subscriptions.length === 0 && (
          <EmptyRow columns={6}>Never subscribed through Stripe.</EmptyRow>
        )}
        {subscriptions.map((sub) => (
          <tr key={sub.id}>
            <Cell mono>{sub.id}</Cell>
            <Cell>
              <PlanBadge plan={sub.plan} />
            </Cell>
            <Cell>
              <Badge tone={toneOf(sub.status)}>
                {sub.cancelAtPeriodEnd ? `${sub.status}, ends` : sub.status}
              </Badge>
            </Cell>
            <Cell right>{formatPkr(sub.amountPaisa)}</Cell>
            <Cell className="whitespace-nowrap">{formatDateTime(sub.currentPeriodEnd)}</Cell>
            <Cell className="whitespace-nowrap">{formatDateTime(sub.createdAt)}</Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function InvoicesTable({ invoices }: { invoices: CustomerDetail["invoices"] }) {
  return (
    <Table testId="invoices-table">
      <Head
        columns={[
          "Invoice",
          "Status",
          { label: "Paid", right: true },
          { label: "Due", right: true },
          "Paid at",
          "",
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {invoices.length === 0 && <EmptyRow columns={6}>No invoices.</EmptyRow>}
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <Cell mono>{invoice.number ?? invoice.id}</Cell>
            <Cell>
              <Badge tone={toneOf(invoice.status)}>{invoice.status}</Badge>
            </Cell>
            <Cell right>{formatPkr(invoice.amountPaid)}</Cell>
            <Cell right>{formatPkr(invoice.amountDue)}</Cell>
            <Cell className="whitespace-nowrap">{formatDateTime(invoice.paidAt)}</Cell>
            <Cell>
              {invoice.hostedUrl && (
                <a
                  href={invoice.hostedUrl}
                  className="text-brand-700 underline"
                  rel="noreferrer"
                  target="_blank"
                >
                  View
                </a>
              )}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
