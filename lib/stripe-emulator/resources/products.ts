import type Stripe from "stripe";
import { pathParam, type RequestContext, type Route } from "../context";
import { noSuch } from "../errors";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata } from "../params";
import type { ProductRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";

export type ProductJson = Sent<Stripe.Product>;

export function renderProduct(record: ProductRecord): ProductJson {
  return {
    id: record.id,
    object: "product",
    active: record.active,
    created: record.created,
    default_price: record.defaultPrice,
    description: record.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: record.metadata,
    name: record.name,
    package_dimensions: null,
    shippable: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: record.updated,
    url: null,
  };
}

export function findProduct(state: EmulatorState, id: string, param = "id"): ProductRecord {
  const record = state.data.products[id];
  if (!record) throw noSuch("product", id, param);
  return record;
}

/** Shared with prices' `product_data`, which creates a product inline. */
export function insertProduct(
  state: EmulatorState,
  fields: { name: string; description?: string | null; metadata?: Record<string, string> },
): ProductRecord {
  const id = state.newId("prod", 14);
  const now = state.now();
  const record: ProductRecord = {
    id,
    created: now,
    updated: now,
    name: fields.name,
    description: fields.description ?? null,
    active: true,
    metadata: fields.metadata ?? {},
    defaultPrice: null,
  };
  state.data.products[id] = record;
  return record;
}

function create(ctx: RequestContext): ProductJson {
  const { params } = ctx;
  const record = insertProduct(ctx.state, {
    name: params.requiredString("name"),
    description: params.nullableString("description"),
    metadata: mergeMetadata({}, params.metadata()),
  });
  if (params.has("active")) record.active = params.boolean("active") ?? true;
  return renderProduct(record);
}

function update(ctx: RequestContext): ProductJson {
  const record = findProduct(ctx.state, pathParam(ctx, "id"));
  const { params } = ctx;
  if (params.has("name")) record.name = params.requiredString("name");
  if (params.has("description")) record.description = params.nullableString("description") ?? null;
  if (params.has("active")) record.active = params.boolean("active") ?? record.active;
  if (params.has("default_price"))
    record.defaultPrice = params.nullableString("default_price") ?? null;
  record.metadata = mergeMetadata(record.metadata, params.metadata());
  record.updated = ctx.state.now();
  return renderProduct(record);
}

function list(ctx: RequestContext) {
  const active = ctx.params.boolean("active");
  const ids = ctx.params.strings("ids");
  const records = Object.values(ctx.state.data.products).filter(
    (record) =>
      (active === undefined || record.active === active) && (!ids || ids.includes(record.id)),
  );
  return paginate(ctx.state, records, ctx.params, "/v1/products", renderProduct);
}

const FIELDS = ["name", "description", "metadata", "active"] as const;

export const productRoutes: Route[] = [
  { method: "POST", path: "/v1/products", allowed: FIELDS, mutates: true, handle: create },
  {
    method: "GET",
    path: "/v1/products",
    allowed: [...LIST_PARAMS, "active", "ids"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/products/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderProduct(findProduct(ctx.state, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/products/:id",
    allowed: [...FIELDS, "default_price"],
    mutates: true,
    handle: update,
  },
];
