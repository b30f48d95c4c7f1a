import type { EmulatorContext } from "../context";
import type { InvoiceRecord } from "../records";
import { escapeHtml, formatAmount, formatDate, page } from "./html";

/** The hosted invoice page (`hosted_invoice_url`). */
export function invoicePage(ctx: EmulatorContext, invoice: InvoiceRecord): string {
  const customer = ctx.state.data.customers[invoice.customer];
  const lines = invoice.lines
    .map(
      (line) =>
        `<div class="row"><span>${escapeHtml(line.description)}<br><span class="muted">${formatDate(line.periodStart)} – ${formatDate(line.periodEnd)}</span></span><span>${escapeHtml(formatAmount(line.amount, invoice.currency))}</span></div>`,
    )
    .join("");
  return page(
    `Invoice ${invoice.number}`,
    `<div class="card">
  <p class="muted">Invoice ${escapeHtml(invoice.number)} · ${escapeHtml(customer?.email ?? "")}</p>
  <div class="amount">${escapeHtml(formatAmount(invoice.amountDue, invoice.currency))}</div>
  <p>Status: <strong data-testid="invoice-status">${escapeHtml(invoice.status)}</strong>${invoice.paidAt ? ` · paid ${formatDate(invoice.paidAt)}` : ""}</p>
  ${lines}
  <div class="row"><strong>Total</strong><strong>${escapeHtml(formatAmount(invoice.amountDue, invoice.currency))}</strong></div>
  <p class="muted">Issued by ${escapeHtml(ctx.baseUrl.replace(/\/_emulator\/stripe$/, ""))} (test mode).</p>
</div>`,
  );
}
