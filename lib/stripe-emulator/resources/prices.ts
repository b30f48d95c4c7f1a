import type Stripe from "stripe";
import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest, missingParam, noSuch } from "../errors";
import { LIST_PARAMS, paginate } from "../list";
import { formatDecimal, parseDecimal, wholeAmount } from "../money";
import { mergeMetadata, type Params } from "../params";
import type { PriceRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findMeter } from "./meters";
import { findProduct, insertProduct } from "./products";

/** Stripe sends unit_amount_decimal as a string on the wire. */
export type PriceJson = Sent<Stripe.Price>;

export function renderPrice(record: PriceRecord): PriceJson {
  return {
    id: record.id,
    object: "price",
    active: record.active,
    billing_scheme: "per_unit",
    created: record.created,
    currency: record.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: record.lookupKey,
    metadata: record.metadata,
    nickname: record.nickname,
    product: record.product,
    recurring: record.recurring
      ? {
          interval: record.recurring.interval,
          interval_count: record.recurring.intervalCount,
          meter: record.recurring.meter,
          trial_period_days: null,
          usage_type: record.recurring.usageType,
        }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: record.recurring ? "recurring" : "one_time",
    unit_amount: record.unitAmount,
    unit_amount_decimal: record.unitAmountDecimal,
  };
}

export function findPrice(state: EmulatorState, id: string, param = "id"): PriceRecord {
  const record = state.data.prices[id];
  if (!record) throw noSuch("price", id, param);
  return record;
}

const INTERVALS = ["day", "week", "month", "year"] as const;

function productFor(ctx: RequestContext): string {
  const { params, state } = ctx;
  const productId = params.string("product");
  if (productId) return findProduct(state, productId, "product").id;
  const data = params.object("product_data");
  if (!data) throw missingParam("product");
  return insertProduct(state, {
    name: data.requiredString("name"),
    metadata: mergeMetadata({}, data.metadata()),
  }).id;
}

/** Lookup keys are unique: `transfer_lookup_key` moves one from an older price, else it is a 400. */
function claimLookupKey(
  state: EmulatorState,
  params: Params,
  key: string | null | undefined,
): void {
  if (!key) return;
  const holder = Object.values(state.data.prices).find((price) => price.lookupKey === key);
  if (!holder) return;
  if (params.boolean("transfer_lookup_key") !== true) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key.`,
      "lookup_key",
      "lookup_key_already_used",
    );
  }
  holder.lookupKey = null;
}

/** `unit_amount` (integer) or `unit_amount_decimal` (up to 12 decimals), exactly one. */
export function unitAmountOf(params: Params): string {
  const unitAmount = params.integer("unit_amount");
  const decimal = params.string("unit_amount_decimal");
  if (unitAmount !== undefined && decimal !== undefined) {
    throw invalidRequest(
      "You may only specify one of these parameters: unit_amount, unit_amount_decimal.",
      "unit_amount",
    );
  }
  if (decimal !== undefined) return formatDecimal(parseDecimal(decimal, "unit_amount_decimal"));
  if (unitAmount === undefined) throw missingParam("unit_amount");
  if (unitAmount < 0) throw invalidRequest("Invalid unit_amount: must be >= 0", "unit_amount");
  return String(unitAmount);
}

function recurringOf(ctx: RequestContext, recurring: Params | undefined): PriceRecord["recurring"] {
  if (!recurring) return null;
  recurring.allowOnly(["interval", "interval_count", "usage_type", "meter", "trial_period_days"]);
  const usageType = recurring.oneOf("usage_type", ["licensed", "metered"] as const) ?? "licensed";
  const meter = recurring.string("meter");
  if (usageType === "metered" && !meter) {
    // Since API version 2025-03-31 a metered price must be backed by a billing meter.
    throw invalidRequest(
      "Metered prices must be backed by a meter: pass recurring[meter].",
      "recurring[meter]",
      "parameter_missing",
    );
  }
  if (meter && usageType !== "metered") {
    throw invalidRequest(
      "recurring[meter] can only be set with recurring[usage_type]=metered.",
      "recurring[meter]",
    );
  }
  if (meter) findMeter(ctx.state, meter, "recurring[meter]");
  const interval = recurring.oneOf("interval", INTERVALS);
  if (!interval) throw missingParam("recurring[interval]");
  return {
    interval,
    intervalCount: recurring.integer("interval_count") ?? 1,
    usageType,
    meter: meter ?? null,
  };
}

function create(ctx: RequestContext): PriceJson {
  const { params, state } = ctx;
  const currency = params.requiredString("currency").toLowerCase();
  const unitAmountDecimal = unitAmountOf(params);
  const recurring = recurringOf(ctx, params.object("recurring"));
  const lookupKey = params.nullableString("lookup_key");
  const product = productFor(ctx);
  claimLookupKey(state, params, lookupKey);
  const id = state.newId("price", 24);
  const record: PriceRecord = {
    id,
    created: state.now(),
    product,
    currency,
    unitAmount: wholeAmount(unitAmountDecimal),
    unitAmountDecimal,
    recurring,
    lookupKey: lookupKey ?? null,
    nickname: params.nullableString("nickname") ?? null,
    active: params.boolean("active") ?? true,
    metadata: mergeMetadata({}, params.metadata()),
  };
  state.data.prices[id] = record;
  return renderPrice(record);
}

function update(ctx: RequestContext): PriceJson {
  const { params, state } = ctx;
  const record = findPrice(state, pathParam(ctx, "id"));
  if (params.has("lookup_key")) {
    const key = params.nullableString("lookup_key");
    if (key !== record.lookupKey) claimLookupKey(state, params, key);
    record.lookupKey = key ?? null;
  }
  if (params.has("active")) record.active = params.boolean("active") ?? record.active;
  if (params.has("nickname")) record.nickname = params.nullableString("nickname") ?? null;
  record.metadata = mergeMetadata(record.metadata, params.metadata());
  return renderPrice(record);
}

function list(ctx: RequestContext) {
  const { params } = ctx;
  const lookupKeys = params.strings("lookup_keys");
  const active = params.boolean("active");
  const product = params.string("product");
  const currency = params.string("currency");
  const type = params.string("type");
  const records = Object.values(ctx.state.data.prices).filter(
    (record) =>
      (!lookupKeys || (record.lookupKey !== null && lookupKeys.includes(record.lookupKey))) &&
      (active === undefined || record.active === active) &&
      (!product || record.product === product) &&
      (!currency || record.currency === currency) &&
      (!type || (type === "recurring") === (record.recurring !== null)),
  );
  return paginate(ctx.state, records, params, "/v1/prices", renderPrice);
}

const CREATE = [
  "currency",
  "unit_amount",
  "unit_amount_decimal",
  "product",
  "product_data",
  "recurring",
  "lookup_key",
  "transfer_lookup_key",
  "nickname",
  "active",
  "metadata",
] as const;

export const priceRoutes: Route[] = [
  { method: "POST", path: "/v1/prices", allowed: CREATE, mutates: true, handle: create },
  {
    method: "GET",
    path: "/v1/prices",
    allowed: [...LIST_PARAMS, "lookup_keys", "active", "product", "currency", "type"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/prices/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderPrice(findPrice(ctx.state, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/prices/:id",
    allowed: ["lookup_key", "transfer_lookup_key", "active", "nickname", "metadata"],
    mutates: true,
    handle: update,
  },
];
