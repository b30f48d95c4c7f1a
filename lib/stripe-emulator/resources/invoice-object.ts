import type Stripe from "stripe";
import type { EmulatorContext } from "../context";
import { noSuch } from "../errors";
import type { InvoiceRecord } from "../records";
import type { EmulatorState } from "../state";
import { findPrice } from "./prices";

type LineJson = Pick<
  Stripe.InvoiceLineItem,
  | "id"
  | "object"
  | "amount"
  | "currency"
  | "description"
  | "discount_amounts"
  | "discountable"
  | "discounts"
  | "invoice"
  | "livemode"
  | "metadata"
  | "parent"
  | "period"
  | "pretax_credit_amounts"
  | "quantity"
  | "subscription"
  | "subtotal"
  | "taxes"
> & {
  pricing: {
    type: "price_details";
    price_details: { price: string; product: string };
    unit_amount_decimal: string;
  };
};

export type InvoiceJson = Pick<
  Stripe.Invoice,
  | "id"
  | "object"
  | "account_country"
  | "account_name"
  | "amount_due"
  | "amount_overpaid"
  | "amount_paid"
  | "amount_remaining"
  | "attempt_count"
  | "attempted"
  | "billing_reason"
  | "collection_method"
  | "created"
  | "currency"
  | "customer"
  | "customer_email"
  | "customer_name"
  | "description"
  | "due_date"
  | "hosted_invoice_url"
  | "invoice_pdf"
  | "livemode"
  | "metadata"
  | "next_payment_attempt"
  | "number"
  | "parent"
  | "period_end"
  | "period_start"
  | "status"
  | "status_transitions"
  | "subtotal"
  | "total"
> & { lines: { object: "list"; data: LineJson[]; has_more: boolean; url: string } };

function renderLines(state: EmulatorState, invoice: InvoiceRecord): LineJson[] {
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
        unit_amount_decimal: String(price.unitAmount),
      },
      quantity: line.quantity,
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
    attempt_count: invoice.attemptCount,
    attempted: invoice.attemptCount > 0,
    billing_reason: invoice.billingReason,
    collection_method: "charge_automatically",
    created: invoice.created,
    currency: invoice.currency,
    customer: invoice.customer,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    description: null,
    due_date: null,
    hosted_invoice_url: invoice.status === "draft" ? null : `${ctx.baseUrl}/invoices/${invoice.id}`,
    invoice_pdf: null,
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
    // Since API version 2025-03-31 an invoice names its subscription here, not in `subscription`.
    parent: invoice.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: {}, subscription: invoice.subscription },
        }
      : null,
    period_end: invoice.periodEnd,
    period_start: invoice.periodStart,
    status: invoice.status,
    status_transitions: {
      finalized_at: invoice.finalizedAt,
      marked_uncollectible_at: null,
      paid_at: invoice.paidAt,
      voided_at: null,
    },
    subtotal: invoice.amountDue,
    total: invoice.amountDue,
  };
}

export function findInvoice(state: EmulatorState, id: string, param = "id"): InvoiceRecord {
  const record = state.data.invoices[id];
  if (!record) throw noSuch("invoice", id, param);
  return record;
}
