import type { EmulatorContext } from "../context";
import type { PortalSessionRecord, SubscriptionRecord } from "../records";
import { findPrice } from "../resources/prices";
import { isLive } from "../resources/subscription-object";
import { escapeHtml, formatAmount, formatDate, page } from "./html";

const NOTICES: Record<string, string> = {
  switched: "Your plan was changed.",
  canceled: "Your plan will be canceled at the end of the billing period.",
  canceled_now: "Your plan was canceled.",
  renewed: "Your plan will renew.",
  card: "Your payment method was updated.",
  advance: "Simulated: the billing period ended.",
  advance_failed: "Simulated: the billing period ended and the renewal payment failed.",
};

function priceLabel(ctx: EmulatorContext, priceId: string): string {
  const price = findPrice(ctx.state, priceId);
  const product = ctx.state.data.products[price.product];
  const per = price.recurring ? `/${price.recurring.interval}` : "";
  const unit = price.recurring?.usageType === "metered" ? " per unit" : "";
  return `${product?.name ?? price.id} — ${formatAmount(price.unitAmount ?? 0, price.currency)}${unit}${per}`;
}

function action(
  ctx: EmulatorContext,
  session: PortalSessionRecord,
  name: string,
  fields: Record<string, string>,
  label: string,
  style = "secondary",
): string {
  const hidden = Object.entries(fields)
    .map(
      ([key, value]) =>
        `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`,
    )
    .join("");
  return `<form class="inline" method="post" action="${escapeHtml(`${ctx.baseUrl}/portal/${session.id}/${name}`)}">${hidden}<button class="${style}" type="submit">${escapeHtml(label)}</button></form>`;
}

function subscriptionCard(
  ctx: EmulatorContext,
  session: PortalSessionRecord,
  sub: SubscriptionRecord,
): string {
  const configuration = ctx.state.data.portalConfigurations[session.configuration];
  const current = sub.items[0]?.price ?? "";
  const buttons: string[] = [];
  if (configuration?.updateEnabled && !sub.cancelAtPeriodEnd) {
    const prices = configuration.updateProducts.flatMap((entry) => entry.prices);
    for (const price of prices.filter((candidate) => candidate !== current)) {
      buttons.push(
        action(
          ctx,
          session,
          "switch",
          { subscription: sub.id, price },
          `Switch to ${priceLabel(ctx, price)}`,
        ),
      );
    }
  }
  if (configuration?.cancelEnabled) {
    if (sub.cancelAtPeriodEnd) {
      buttons.push(
        action(ctx, session, "renew", { subscription: sub.id }, "Don't cancel", "primary"),
      );
    } else {
      buttons.push(
        action(
          ctx,
          session,
          "cancel",
          { subscription: sub.id },
          "Cancel at end of period",
          "danger",
        ),
      );
    }
    buttons.push(
      action(ctx, session, "cancel_now", { subscription: sub.id }, "Cancel immediately", "danger"),
    );
  }
  const clock = [
    action(ctx, session, "advance", { subscription: sub.id }, "End the period now"),
    action(
      ctx,
      session,
      "advance_failed",
      { subscription: sub.id },
      "End the period, renewal fails",
    ),
  ];
  const when = sub.cancelAtPeriodEnd
    ? `Cancels on ${formatDate(sub.currentPeriodEnd)}`
    : `Renews on ${formatDate(sub.currentPeriodEnd)}`;
  return `<div class="card" data-testid="portal-subscription">
  <h2>Current plan</h2>
  <div style="font-size:18px;font-weight:600" data-testid="portal-plan">${escapeHtml(priceLabel(ctx, current))}</div>
  <p class="muted">Status: <span data-testid="portal-status">${escapeHtml(sub.status)}</span> · ${escapeHtml(when)}</p>
  <div class="actions">${buttons.join("")}</div>
  <div class="clock" data-testid="portal-test-clock"><strong>Test clock</strong> (emulator only: what Stripe does when the period ends)<div class="actions">${clock.join("")}</div></div>
</div>`;
}

function invoicesCard(ctx: EmulatorContext, customer: string): string {
  const invoices = Object.values(ctx.state.data.invoices)
    .filter((invoice) => invoice.customer === customer)
    .sort((a, b) => ctx.state.orderOf(b.id) - ctx.state.orderOf(a.id))
    .slice(0, 12);
  if (invoices.length === 0) return "";
  const rows = invoices
    .map(
      (invoice) =>
        `<div class="row"><span>${formatDate(invoice.created)}</span><span>${escapeHtml(formatAmount(invoice.amountDue, invoice.currency))}</span><span class="muted">${escapeHtml(invoice.status)}</span><a href="${escapeHtml(`${ctx.baseUrl}/invoices/${invoice.id}`)}">View</a></div>`,
    )
    .join("");
  return `<div class="card"><h2>Invoice history</h2>${rows}</div>`;
}

export function portalPage(
  ctx: EmulatorContext,
  session: PortalSessionRecord,
  notice?: string,
  error?: string,
): string {
  const customer = ctx.state.data.customers[session.customer];
  const configuration = ctx.state.data.portalConfigurations[session.configuration];
  const subs = Object.values(ctx.state.data.subscriptions).filter(
    (sub) => sub.customer === session.customer && isLive(sub),
  );
  const message = notice ? NOTICES[notice] : undefined;
  const card = configuration?.paymentMethodUpdate
    ? `<div class="card"><h2>Payment method</h2><p>${customer?.cardLast4 ? `Card ending in ${escapeHtml(customer.cardLast4)}` : "No card on file"}</p>
<form method="post" action="${escapeHtml(`${ctx.baseUrl}/portal/${session.id}/card`)}"><label for="card">New card number</label><input id="card" name="card" value="4242 4242 4242 4242"><button class="secondary" style="margin-top:8px" type="submit">Update card</button></form></div>`
    : "";
  return page(
    "Billing",
    `${message ? `<div class="notice" role="status">${escapeHtml(message)}</div>` : ""}
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
<div class="card"><h1>${escapeHtml(configuration?.headline ?? "Manage your subscription")}</h1><p class="muted">${escapeHtml(customer?.email ?? "")}</p>
${session.returnUrl ? `<a href="${escapeHtml(session.returnUrl)}" data-testid="portal-return">← Return to the site</a>` : ""}</div>
${subs.length > 0 ? subs.map((sub) => subscriptionCard(ctx, session, sub)).join("") : `<div class="card"><h2>No active subscription</h2></div>`}
${card}
${configuration?.invoiceHistory ? invoicesCard(ctx, session.customer) : ""}`,
  );
}
