import type Stripe from "stripe";
import type { EmulatorContext } from "../context";
import { noSuch } from "../errors";
import type { InvoiceRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findPrice } from "./prices";

type LineJson = Omit<Sent<Stripe.InvoiceLineItem>, "pricing"> & {
  pricing: {
    type: "price_details";
    price_details: { price: string; product: string };
    unit_amount_decimal: string;
  };
};

export type InvoiceJson = Omit<Sent<Stripe.Invoice>, "lines"> & {
  lines: { object: "list"; data: LineJson[]; has_more: boolean; url: string };
};

export function renderLines(state: EmulatorState, invoice: InvoiceRecord): LineJson[] {
  return invoice.lines.map((line) => {
    const price = findPrice(state, line.price);
    return {
      id: line.id,
      object: "line_item",
      amount: line.amount,
      currency: invoice.currency,
      description: line.description,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: invoice.id,
      livemode: false,
      metadata: {},
      parent: line.subscriptionItem
        ? {
            type: "subscription_item_details",
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: invoice.subscription,
              subscription_item: line.subscriptionItem ?? "",
            },
          }
        : null,
      period: { start: line.periodStart, end: line.periodEnd },
      pretax_credit_amounts: [],
      pricing: {
        type: "price_details",
        price_details: { price: price.id, product: price.product },
        unit_amount_decimal: line.unitAmountDecimal ?? price.unitAmountDecimal,
      },
      quantity: line.quantity,
      quantity_decimal: String(line.quantity),
      subscription: invoice.subscription,
      subtotal: line.amount,
      taxes: [],
    };
  });
}

export function renderInvoice(ctx: EmulatorContext, invoice: InvoiceRecord): InvoiceJson {
  const customer = ctx.state.data.customers[invoice.customer];
  const lines = renderLines(ctx.state, invoice);
  return {
    id: invoice.id,
    object: "invoice",
    account_country: "PK",
    account_name: "Darwaza (Stripe emulator)",
    amount_due: invoice.amountDue,
    amount_overpaid: 0,
    amount_paid: invoice.amountPaid,
    amount_remaining: invoice.amountDue - invoice.amountPaid,
    account_tax_ids: null,
    amount_shipping: 0,
    application: null,
    attempt_count: invoice.attemptCount,
    attempted: invoice.attemptCount > 0,
    automatic_tax: {
      disabled_reason: null,
      enabled: false,
      liability: null,
      provider: null,
      status: null,
    },
    automatically_finalizes_at: null,
    billing_reason: invoice.billingReason,
    collection_method: "charge_automatically",
    created: invoice.created,
    currency: invoice.currency,
    custom_fields: null,
    customer: invoice.customer,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: invoice.finalizedAt,
    ending_balance: invoice.finalizedAt === null ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: invoice.status === "draft" ? null : `${ctx.baseUrl}/invoices/${invoice.id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: "list",
      data: lines,
      has_more: false,
      url: `/v1/invoices/${invoice.id}/lines`,
    },
    livemode: false,
    metadata: {},
    next_payment_attempt: invoice.nextPaymentAttempt,
    number: invoice.number,
    on_behalf_of: null,
    // Since API version 2025-03-31 an invoice names its subscription here, not in `subscription`.
    parent: invoice.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: {}, subscription: invoice.subscription },
        }
      : null,
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: null,
    },
    period_end: invoice.periodEnd,
    period_start: invoice.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: invoice.status,
    status_transitions: {
      finalized_at: invoice.finalizedAt,
      marked_uncollectible_at: null,
      paid_at: invoice.paidAt,
      voided_at: null,
    },
    subtotal: invoice.amountDue,
    subtotal_excluding_tax: invoice.amountDue,
    test_clock: null,
    total: invoice.amountDue,
    total_discount_amounts: [],
    total_excluding_tax: invoice.amountDue,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: invoice.finalizedAt,
  };
}

export function findInvoice(state: EmulatorState, id: string, param = "id"): InvoiceRecord {
  const record = state.data.invoices[id];
  if (!record) throw noSuch("invoice", id, param);
  return record;
}
