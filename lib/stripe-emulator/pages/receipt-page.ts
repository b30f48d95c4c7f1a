import type { EmulatorContext } from "../context";
import type { ChargeRecord } from "../records";
import { escapeHtml, formatAmount, formatDate, page } from "./html";

/** The hosted receipt a paid charge's `receipt_url` points at. */
export function receiptPage(ctx: EmulatorContext, charge: ChargeRecord): string {
  const method = ctx.state.data.paymentMethods[charge.paymentMethod];
  const refunded = charge.amountRefunded
    ? `<div class="row"><span>Refunded</span><span data-testid="receipt-refunded">${escapeHtml(formatAmount(charge.amountRefunded, charge.currency))}</span></div>`
    : "";
  return page(
    "Receipt",
    `<div class="card">
  <p class="muted">Receipt · ${formatDate(charge.created)}</p>
  <div class="amount" data-testid="receipt-amount">${escapeHtml(formatAmount(charge.amount, charge.currency))}</div>
  <div class="row"><span>Payment method</span><span>${escapeHtml(method ? `${method.card.brand} •••• ${method.card.last4}` : "card")}</span></div>
  ${refunded}
  <p class="muted">${escapeHtml(charge.description ?? "")}</p>
</div>`,
  );
}
