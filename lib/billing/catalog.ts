import type Stripe from "stripe";
import { PLANS } from "@/lib/plans/plans";
import { billingConfig } from "./config";
import { lookupKeyOf, type PaidPlanId } from "./price-plans";

export interface Catalog {
  prices: Record<PaidPlanId, string>;
  portalConfiguration: string;
}

const PORTAL_TAG = "darwaza_portal";

/** The PKR monthly price a plan should have, as the plans module says. */
function wanted(price: Stripe.Price, plan: PaidPlanId): boolean {
  return (
    price.active &&
    price.currency === "pkr" &&
    price.unit_amount === PLANS[plan].monthlyPricePaisa &&
    price.recurring?.interval === "month" &&
    price.recurring.interval_count === 1
  );
}

async function ensurePrice(
  stripe: Stripe,
  plan: PaidPlanId,
  log: (line: string) => void,
): Promise<Stripe.Price> {
  const lookupKey = lookupKeyOf(plan);
  const found = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  const existing = found.data[0];
  if (existing && wanted(existing, plan)) return existing;
  // No price yet, or the plans module's price changed: make a new one and move the lookup key to it
  // (a price's amount can never change in Stripe; existing subscribers keep their old price).
  const product =
    typeof existing?.product === "string"
      ? existing.product
      : (
          await stripe.products.create({
            name: `Darwaza ${PLANS[plan].name}`,
            description: PLANS[plan].features.join(" · "),
            metadata: { darwaza_plan: plan },
          })
        ).id;
  const price = await stripe.prices.create({
    product,
    currency: "pkr",
    unit_amount: PLANS[plan].monthlyPricePaisa ?? 0,
    recurring: { interval: "month" },
    lookup_key: lookupKey,
    transfer_lookup_key: true,
    nickname: `${PLANS[plan].name} monthly (PKR)`,
    metadata: { darwaza_plan: plan },
  });
  log(`created ${PLANS[plan].name} price ${price.id} (${lookupKey})`);
  return price;
}

async function ensurePortalConfiguration(
  stripe: Stripe,
  prices: Stripe.Price[],
  log: (line: string) => void,
): Promise<string> {
  const features: Stripe.BillingPortal.ConfigurationCreateParams.Features = {
    subscription_update: {
      enabled: true,
      default_allowed_updates: ["price"],
      proration_behavior: "create_prorations",
      products: prices.map((price) => ({ product: String(price.product), prices: [price.id] })),
    },
    subscription_cancel: { enabled: true, mode: "at_period_end" },
    payment_method_update: { enabled: true },
    invoice_history: { enabled: true },
  };
  const existing = await stripe.billingPortal.configurations.list({ active: true, limit: 100 });
  const ours = existing.data.find((configuration) => configuration.metadata?.[PORTAL_TAG] === "1");
  if (ours) {
    await stripe.billingPortal.configurations.update(ours.id, { features });
    return ours.id;
  }
  const created = await stripe.billingPortal.configurations.create({
    features,
    business_profile: { headline: "Darwaza — manage your plan" },
    metadata: { [PORTAL_TAG]: "1" },
  });
  log(`created Customer Portal configuration ${created.id}`);
  return created.id;
}

/**
 * Creates or finds, by lookup key, the Starter and Pro products and PKR monthly prices, and the
 * Customer Portal configuration that lets customers switch between them and cancel at period end.
 * Safe to run again: it changes nothing that is already right. Used by `npm run stripe:setup` and,
 * in test mode, on first use.
 */
export async function ensureCatalog(
  stripe: Stripe,
  log: (line: string) => void = () => {},
): Promise<Catalog> {
  const starter = await ensurePrice(stripe, "starter", log);
  const pro = await ensurePrice(stripe, "pro", log);
  const portalConfiguration = await ensurePortalConfiguration(stripe, [starter, pro], log);
  return { prices: { starter: starter.id, pro: pro.id }, portalConfiguration };
}

let loaded: Promise<Catalog> | undefined;

/**
 * The catalog for checkout and the portal, looked up once per process: configured price ids win
 * (STRIPE_PRICE_STARTER / _PRO), else lookup keys. Against the emulator a missing catalog is
 * created; against Stripe it must come from `npm run stripe:setup`.
 */
export function catalog(stripe: Stripe): Promise<Catalog> {
  loaded ??= loadCatalog(stripe).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadCatalog(stripe: Stripe): Promise<Catalog> {
  const config = billingConfig();
  if (config.mode === "emulator") return ensureCatalog(stripe);
  const priceOf = async (plan: PaidPlanId): Promise<string> => {
    const configured = config.priceIds[plan];
    if (configured) return configured;
    const found = await stripe.prices.list({
      lookup_keys: [lookupKeyOf(plan)],
      active: true,
      limit: 1,
    });
    const id = found.data[0]?.id;
    if (!id) throw new Error(`No Stripe price for ${plan}: run \`npm run stripe:setup\``);
    return id;
  };
  const prices = { starter: await priceOf("starter"), pro: await priceOf("pro") };
  const configurations = await stripe.billingPortal.configurations.list({
    active: true,
    limit: 100,
  });
  const portal = configurations.data.find(
    (configuration) => configuration.metadata?.[PORTAL_TAG] === "1",
  );
  if (!portal) throw new Error("No Customer Portal configuration: run `npm run stripe:setup`");
  return { prices, portalConfiguration: portal.id };
}

export function forgetCatalog(): void {
  loaded = undefined;
}
