import type Stripe from "stripe";
import type { EmulatorContext, RequestContext, Route } from "../context";
import { invalidRequest, missingParam, noSuch } from "../errors";
import type { PortalSessionRecord } from "../records";
import type { Sent } from "../sent";
import { findCustomer } from "./customers";
import { findPortalConfiguration } from "./portal-configurations";

export type PortalSessionJson = Sent<Stripe.BillingPortal.Session>;

export function renderPortalSession(
  ctx: EmulatorContext,
  record: PortalSessionRecord,
): PortalSessionJson {
  return {
    id: record.id,
    object: "billing_portal.session",
    configuration: record.configuration,
    created: record.created,
    customer: record.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: record.returnUrl,
    url: `${ctx.baseUrl}/portal/${record.id}`,
  };
}

export function findPortalSession(ctx: EmulatorContext, id: string): PortalSessionRecord {
  const record = ctx.state.data.portalSessions[id];
  if (!record) throw noSuch("billing portal session", id);
  return record;
}

function create(ctx: RequestContext): PortalSessionJson {
  const { params, state } = ctx;
  const customerId = params.string("customer");
  if (!customerId) throw missingParam("customer");
  const customer = findCustomer(state, customerId, "customer");
  const requested = params.string("configuration");
  const configuration = requested
    ? findPortalConfiguration(state, requested, "configuration")
    : Object.values(state.data.portalConfigurations).find((record) => record.isDefault);
  if (!configuration) {
    // Stripe's own refusal when no portal settings were ever saved in test mode.
    throw invalidRequest(
      "No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.",
    );
  }
  const id = state.newId("bps", 24);
  const record: PortalSessionRecord = {
    id,
    created: state.now(),
    customer: customer.id,
    configuration: configuration.id,
    returnUrl: params.string("return_url") ?? configuration.defaultReturnUrl,
  };
  state.data.portalSessions[id] = record;
  return renderPortalSession(ctx, record);
}

export const portalSessionRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/billing_portal/sessions",
    allowed: ["customer", "return_url", "configuration", "locale", "flow_data", "on_behalf_of"],
    mutates: true,
    handle: create,
  },
];
