import type Stripe from "stripe";
import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest, noSuch } from "../errors";
import { LIST_PARAMS, paginate, parseSearchQuery, type StripeSearchResult } from "../list";
import { mergeMetadata } from "../params";
import type { CustomerRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";

export type CustomerJson = Sent<Stripe.Customer>;

export function renderCustomer(record: CustomerRecord): CustomerJson {
  return {
    id: record.id,
    object: "customer",
    address: null,
    balance: 0,
    created: record.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: record.description,
    email: record.email,
    invoice_prefix: record.invoicePrefix,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: record.defaultPaymentMethod,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: record.metadata,
    name: record.name,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function findCustomer(state: EmulatorState, id: string, param = "id"): CustomerRecord {
  const record = state.data.customers[id];
  if (!record || record.deleted) throw noSuch("customer", id, param);
  return record;
}

const FIELDS = ["email", "name", "description", "metadata", "invoice_settings"] as const;

/** invoice_settings[default_payment_method]: a card already attached to this customer. */
function applyInvoiceSettings(ctx: RequestContext, record: CustomerRecord): void {
  const settings = ctx.params.object("invoice_settings");
  if (!settings) return;
  settings.allowOnly(["default_payment_method", "custom_fields", "footer", "rendering_options"]);
  if (!settings.has("default_payment_method")) return;
  const id = settings.nullableString("default_payment_method") ?? null;
  if (id !== null) {
    const method = ctx.state.data.paymentMethods[id];
    if (!method || method.customer !== record.id) {
      throw invalidRequest(
        `No such PaymentMethod: '${id}'; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request on that connected account.`,
        "invoice_settings[default_payment_method]",
        "resource_missing",
      );
    }
  }
  record.defaultPaymentMethod = id;
}

function create(ctx: RequestContext): CustomerJson {
  const { params, state } = ctx;
  const id = state.newId("cus", 14);
  const record: CustomerRecord = {
    id,
    created: state.now(),
    email: params.nullableString("email") ?? null,
    name: params.nullableString("name") ?? null,
    description: params.nullableString("description") ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    invoicePrefix: id.slice(4, 12).toUpperCase(),
    cardLast4: null,
    defaultPaymentMethod: null,
    deleted: false,
  };
  state.data.customers[id] = record;
  applyInvoiceSettings(ctx, record);
  return renderCustomer(record);
}

function update(ctx: RequestContext): CustomerJson {
  const record = findCustomer(ctx.state, pathParam(ctx, "id"));
  const { params } = ctx;
  if (params.has("email")) record.email = params.nullableString("email") ?? null;
  if (params.has("name")) record.name = params.nullableString("name") ?? null;
  if (params.has("description")) record.description = params.nullableString("description") ?? null;
  record.metadata = mergeMetadata(record.metadata, params.metadata());
  applyInvoiceSettings(ctx, record);
  return renderCustomer(record);
}

function live(state: EmulatorState): CustomerRecord[] {
  return Object.values(state.data.customers).filter((record) => !record.deleted);
}

function list(ctx: RequestContext) {
  const email = ctx.params.string("email");
  const records = live(ctx.state).filter((record) => email === undefined || record.email === email);
  return paginate(ctx.state, records, ctx.params, "/v1/customers", renderCustomer);
}

function matches(
  record: CustomerRecord,
  clause: { field: string; key: string | null; value: string },
) {
  switch (clause.field) {
    case "metadata":
      return clause.key !== null && record.metadata[clause.key] === clause.value;
    case "email":
      return record.email === clause.value;
    case "name":
      return record.name === clause.value;
    default:
      throw invalidRequest(`Field '${clause.field}' is an unsupported search field.`, "query");
  }
}

function search(ctx: RequestContext): StripeSearchResult<CustomerJson> {
  const clauses = parseSearchQuery(ctx.params.requiredString("query"));
  const found = live(ctx.state).filter((record) =>
    clauses.every((clause) => matches(record, clause)),
  );
  const page = paginate(ctx.state, found, ctx.params, "/v1/customers/search", renderCustomer);
  return {
    object: "search_result",
    data: page.data,
    has_more: page.has_more,
    next_page: null,
    url: page.url,
  };
}

/** A deleted customer still retrieves, as a stub (200), the way Stripe answers. */
function retrieve(ctx: RequestContext): CustomerJson | Stripe.DeletedCustomer {
  const id = pathParam(ctx, "id");
  const record = ctx.state.data.customers[id];
  if (record?.deleted) return { id: record.id, object: "customer", deleted: true };
  return renderCustomer(findCustomer(ctx.state, id));
}

function remove(ctx: RequestContext) {
  const record = findCustomer(ctx.state, pathParam(ctx, "id"));
  record.deleted = true;
  return { id: record.id, object: "customer", deleted: true };
}

export const customerRoutes: Route[] = [
  { method: "POST", path: "/v1/customers", allowed: FIELDS, mutates: true, handle: create },
  {
    method: "GET",
    path: "/v1/customers",
    allowed: [...LIST_PARAMS, "email"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/customers/search",
    allowed: ["query", "limit", "page", "expand"],
    mutates: false,
    handle: search,
  },
  {
    method: "GET",
    path: "/v1/customers/:id",
    allowed: [],
    mutates: false,
    handle: retrieve,
  },
  { method: "POST", path: "/v1/customers/:id", allowed: FIELDS, mutates: true, handle: update },
  { method: "DELETE", path: "/v1/customers/:id", allowed: [], mutates: true, handle: remove },
];
