import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { stackedTable } from "@/components/ui/stacked-table";
import type { BillingInvoice } from "@/lib/billing/overview";
import { formatDate } from "@/lib/portal/format";
import { formatAmount } from "./amount";

const STATUS_STYLES: Record<string, string> = {
  paid: "bg-emerald-50 text-emerald-800",
  open: "bg-amber-50 text-amber-800",
  uncollectible: "bg-red-50 text-red-800",
};

/** Invoices recorded from Stripe's webhooks: date, amount in PKR, status and Stripe's hosted page. */
export function InvoiceTable({ invoices }: { invoices: BillingInvoice[] }) {
  if (invoices.length === 0) {
    return (
      <Card title="Invoices">
        <EmptyState title="No invoices yet">
          Invoices appear here once you subscribe to a paid plan.
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card title="Invoices" testId="billing-invoices">
      <table className={`${stackedTable.table} sm:min-w-[32rem]`}>
        <thead className={`text-xs uppercase text-zinc-500 ${stackedTable.head}`}>
          <tr>
            <th className="py-2 pr-4 font-medium">Date</th>
            <th className="py-2 pr-4 font-medium">Invoice</th>
            <th className="py-2 pr-4 font-medium">Period</th>
            <th className="py-2 pr-4 text-right font-medium">Amount</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Link</span>
            </th>
          </tr>
        </thead>
        <tbody className={stackedTable.body}>
          {invoices.map((invoice) => (
            <tr key={invoice.id} data-testid="billing-invoice-row" className={stackedTable.row}>
              <td
                className={`py-2 pr-4 whitespace-nowrap ${stackedTable.cell}`}
                data-label="Date"
                data-testid="billing-invoice-date"
              >
                {formatDate(invoice.paidAt ?? invoice.createdAt)}
              </td>
              <td
                className={`py-2 pr-4 font-mono text-xs break-all ${stackedTable.cell}`}
                data-label="Invoice"
              >
                {invoice.number ?? invoice.id}
              </td>
              <td
                className={`py-2 pr-4 text-zinc-600 sm:whitespace-nowrap ${stackedTable.cell} ${stackedTable.wide}`}
                data-label="Period"
              >
                {formatDate(invoice.periodStart)} – {formatDate(invoice.periodEnd)}
              </td>
              <td
                className={`py-2 pr-4 text-right font-medium whitespace-nowrap ${stackedTable.cell}`}
                data-label="Amount"
                data-testid="billing-invoice-amount"
              >
                {formatAmount(
                  invoice.status === "paid" ? invoice.amountPaid : invoice.amountDue,
                  invoice.currency,
                )}
                {invoice.usageAmount > 0 && (
                  <div
                    className="text-xs font-normal text-zinc-500"
                    data-testid="billing-invoice-usage"
                  >
                    incl. usage {formatAmount(invoice.usageAmount, invoice.currency)}
                  </div>
                )}
              </td>
              <td className={`py-2 pr-4 ${stackedTable.cell}`} data-label="Status">
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[invoice.status] ?? "bg-zinc-100 text-zinc-700"}`}
                  data-testid="billing-invoice-status"
                >
                  {invoice.status}
                </span>
              </td>
              <td className={`py-2 ${stackedTable.cell}`}>
                {invoice.hostedUrl && (
                  <a
                    className="text-brand-700 underline"
                    href={invoice.hostedUrl}
                    target="_blank"
                    rel="noreferrer"
                  >
                    View<span className="sr-only"> invoice {invoice.number ?? invoice.id}</span>
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
