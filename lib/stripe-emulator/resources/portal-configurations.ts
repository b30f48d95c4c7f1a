import type Stripe from "stripe";
import { pathParam, type RequestContext, type Route } from "../context";
import { noSuch } from "../errors";
import { LIST_PARAMS, paginate } from "../list";
import { mergeMetadata, type Params } from "../params";
import type { PortalConfigurationRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findPrice } from "./prices";
import { findProduct } from "./products";

export type PortalConfigurationJson = Sent<Stripe.BillingPortal.Configuration>;

export function renderPortalConfiguration(
  record: PortalConfigurationRecord,
): PortalConfigurationJson {
  return {
    id: record.id,
    object: "billing_portal.configuration",
    active: record.active,
    application: null,
    business_profile: {
      headline: record.headline,
      privacy_policy_url: null,
      terms_of_service_url: null,
    },
    created: record.created,
    default_return_url: record.defaultReturnUrl,
    features: {
      customer_update: { allowed_updates: [], enabled: false },
      invoice_history: { enabled: record.invoiceHistory },
      payment_method_update: {
        enabled: record.paymentMethodUpdate,
        payment_method_configuration: null,
      },
      subscription_cancel: {
        cancellation_reason: { enabled: false, feedback_options: null, options: [] },
        enabled: record.cancelEnabled,
        mode: record.cancelMode,
        proration_behavior: "none",
      },
      subscription_pause: {
        duration: { interval_options: [], type: "indefinite" },
        enabled: false,
      },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: record.updateEnabled ? ["price"] : [],
        enabled: record.updateEnabled,
        products: record.updateProducts.map((entry) => ({
          adjustable_quantity: { enabled: false, maximum: null, minimum: 1 },
          prices: entry.prices,
          product: entry.product,
        })),
        proration_behavior: record.prorationBehavior,
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: "end_trial",
      },
    },
    is_default: record.isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: record.metadata,
    name: null,
    updated: record.updated,
  };
}

export function findPortalConfiguration(
  state: EmulatorState,
  id: string,
  param = "id",
): PortalConfigurationRecord {
  const record = state.data.portalConfigurations[id];
  if (!record) throw noSuch("billing portal configuration", id, param);
  return record;
}

function applyFeatures(
  state: EmulatorState,
  record: PortalConfigurationRecord,
  features: Params | undefined,
): void {
  if (!features) return;
  const update = features.object("subscription_update");
  if (update) {
    record.updateEnabled = update.boolean("enabled") ?? record.updateEnabled;
    record.prorationBehavior =
      update.oneOf("proration_behavior", [
        "always_invoice",
        "create_prorations",
        "none",
      ] as const) ?? record.prorationBehavior;
    const products = update.objects("products");
    if (products) {
      record.updateProducts = products.map((entry) => ({
        product: findProduct(
          state,
          entry.requiredString("product"),
          "features[subscription_update][products]",
        ).id,
        prices: (entry.strings("prices") ?? []).map(
          (price) => findPrice(state, price, "prices").id,
        ),
      }));
    }
  }
  const cancel = features.object("subscription_cancel");
  if (cancel) {
    record.cancelEnabled = cancel.boolean("enabled") ?? record.cancelEnabled;
    record.cancelMode =
      cancel.oneOf("mode", ["at_period_end", "immediately"] as const) ?? record.cancelMode;
  }
  record.paymentMethodUpdate =
    features.object("payment_method_update")?.boolean("enabled") ?? record.paymentMethodUpdate;
  record.invoiceHistory =
    features.object("invoice_history")?.boolean("enabled") ?? record.invoiceHistory;
}

function create(ctx: RequestContext): PortalConfigurationJson {
  const { params, state } = ctx;
  const now = state.now();
  const id = state.newId("bpc", 24);
  const record: PortalConfigurationRecord = {
    id,
    created: now,
    updated: now,
    active: true,
    // Only the configuration saved in the Dashboard is the default; API-made ones never are.
    isDefault: false,
    metadata: mergeMetadata({}, params.metadata()),
    headline: params.object("business_profile")?.nullableString("headline") ?? null,
    defaultReturnUrl: params.nullableString("default_return_url") ?? null,
    updateProducts: [],
    updateEnabled: false,
    prorationBehavior: "create_prorations",
    cancelEnabled: false,
    cancelMode: "at_period_end",
    paymentMethodUpdate: false,
    invoiceHistory: false,
  };
  applyFeatures(state, record, params.object("features"));
  state.data.portalConfigurations[id] = record;
  return renderPortalConfiguration(record);
}

function update(ctx: RequestContext): PortalConfigurationJson {
  const { params, state } = ctx;
  const record = findPortalConfiguration(state, pathParam(ctx, "id"));
  applyFeatures(state, record, params.object("features"));
  if (params.has("active")) record.active = params.boolean("active") ?? record.active;
  if (params.has("default_return_url"))
    record.defaultReturnUrl = params.nullableString("default_return_url") ?? null;
  const headline = params.object("business_profile")?.nullableString("headline");
  if (headline !== undefined) record.headline = headline;
  record.metadata = mergeMetadata(record.metadata, params.metadata());
  record.updated = state.now();
  return renderPortalConfiguration(record);
}

function list(ctx: RequestContext) {
  const active = ctx.params.boolean("active");
  const isDefault = ctx.params.boolean("is_default");
  const records = Object.values(ctx.state.data.portalConfigurations).filter(
    (record) =>
      (active === undefined || record.active === active) &&
      (isDefault === undefined || record.isDefault === isDefault),
  );
  return paginate(
    ctx.state,
    records,
    ctx.params,
    "/v1/billing_portal/configurations",
    renderPortalConfiguration,
  );
}

const FIELDS = ["features", "business_profile", "default_return_url", "metadata"] as const;

export const portalConfigurationRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/billing_portal/configurations",
    allowed: FIELDS,
    mutates: true,
    handle: create,
  },
  {
    method: "GET",
    path: "/v1/billing_portal/configurations",
    allowed: [...LIST_PARAMS, "active", "is_default"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/billing_portal/configurations/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) =>
      renderPortalConfiguration(findPortalConfiguration(ctx.state, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/billing_portal/configurations/:id",
    allowed: [...FIELDS, "active"],
    mutates: true,
    handle: update,
  },
];
