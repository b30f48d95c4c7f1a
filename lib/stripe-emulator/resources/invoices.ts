import { payInvoice } from "../billing";
import { pathParam, type RequestContext, type Route } from "../context";
import { LIST_PARAMS, paginate } from "../list";
import { findInvoice, type InvoiceJson, renderInvoice, renderLines } from "./invoice-object";

function list(ctx: RequestContext) {
  const { params, state } = ctx;
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.oneOf("status", [
    "draft",
    "open",
    "paid",
    "uncollectible",
    "void",
  ] as const);
  const records = Object.values(state.data.invoices).filter(
    (invoice) =>
      (!customer || invoice.customer === customer) &&
      (!subscription || invoice.subscription === subscription) &&
      (!status || invoice.status === status),
  );
  return paginate(state, records, params, "/v1/invoices", (invoice) => renderInvoice(ctx, invoice));
}

function pay(ctx: RequestContext): InvoiceJson {
  const invoice = findInvoice(ctx.state, pathParam(ctx, "id"));
  payInvoice(ctx, { requestId: ctx.requestId, idempotencyKey: ctx.idempotencyKey }, invoice);
  return renderInvoice(ctx, invoice);
}

/** `invoices.listLineItems`: the invoice's lines, paginated in the invoice's own order. */
function listLines(ctx: RequestContext) {
  const invoice = findInvoice(ctx.state, pathParam(ctx, "id"), "invoice");
  const lines = renderLines(ctx.state, invoice);
  const limit = ctx.params.integer("limit") ?? 10;
  const after = ctx.params.string("starting_after");
  const from = after ? lines.findIndex((line) => line.id === after) + 1 : 0;
  return {
    object: "list" as const,
    data: lines.slice(from, from + limit),
    has_more: from + limit < lines.length,
    url: `/v1/invoices/${invoice.id}/lines`,
  };
}

export const invoiceRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/invoices/:id/lines",
    allowed: [...LIST_PARAMS],
    mutates: false,
    handle: listLines,
  },
  {
    method: "GET",
    path: "/v1/invoices",
    allowed: [...LIST_PARAMS, "customer", "subscription", "status"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/invoices/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderInvoice(ctx, findInvoice(ctx.state, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/invoices/:id/pay",
    allowed: ["paid_out_of_band"],
    mutates: true,
    handle: pay,
  },
];
