import type Stripe from "stripe";
import type { PlanTerms } from "@/lib/plans/plans";
import { type Db, listPlans, planHistory } from "@/lib/plans/store";
import { billingConfig } from "./config";
import { isSellable } from "./price-plans";

export interface Catalog {
  /** Plan slug → the Stripe price of its latest version, for every plan sold through Checkout. */
  prices: Record<string, string>;
  portalConfiguration: string;
}

const PORTAL_TAG = "darwaza_portal";

/** The PKR monthly price a plan version should have. */
function wanted(price: Stripe.Price, plan: PlanTerms): boolean {
  return (
    price.active &&
    price.currency === "pkr" &&
    price.unit_amount === plan.monthlyPricePaisa &&
    price.recurring?.interval === "month" &&
    price.recurring.interval_count === 1
  );
}

/** The plan's Stripe product: the one an earlier version's price belongs to, else a new one. */
async function productOf(db: Db, stripe: Stripe, plan: PlanTerms): Promise<string> {
  const keys = (await planHistory(db, plan.id))
    .map((version) => version.stripeLookupKey)
    .filter((key): key is string => key !== null)
    .slice(0, 10);
  const earlier = keys.length ? await stripe.prices.list({ lookup_keys: keys, limit: 10 }) : null;
  const product = earlier?.data[0]?.product;
  if (product) return typeof product === "string" ? product : product.id;
  const created = await stripe.products.create({
    name: `Darwaza ${plan.name}`,
    description: plan.features.join(" · ") || plan.name,
    metadata: { darwaza_plan: plan.id },
  });
  return created.id;
}

/**
 * The Stripe price of one plan version, by its lookup key: found, or created on the plan's
 * product (real Stripe and the emulator alike). A price's amount never changes in Stripe, so a
 * key held by a price with other terms is moved to a new one (transfer_lookup_key); subscribers
 * of the old price keep it, and its `darwaza_plan_version` metadata still names their version.
 */
export async function ensurePlanPrice(
  db: Db,
  stripe: Stripe,
  plan: PlanTerms,
  log: (line: string) => void = () => {},
): Promise<Stripe.Price> {
  const lookupKey = plan.stripeLookupKey;
  if (!lookupKey || plan.monthlyPricePaisa === null)
    throw new Error(`Plan ${plan.id} v${plan.version} is not sold through Stripe`);
  const found = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  const existing = found.data[0];
  if (existing && wanted(existing, plan)) return existing;
  const product =
    typeof existing?.product === "string" ? existing.product : await productOf(db, stripe, plan);
  const price = await stripe.prices.create({
    product,
    currency: "pkr",
    unit_amount: plan.monthlyPricePaisa,
    recurring: { interval: "month" },
    lookup_key: lookupKey,
    transfer_lookup_key: true,
    nickname: `${plan.name} v${plan.version} monthly (PKR)`,
    metadata: {
      darwaza_plan: plan.id,
      darwaza_plan_version: plan.versionId ?? "",
    },
  });
  log(`created ${plan.name} v${plan.version} price ${price.id} (${lookupKey})`);
  return price;
}

async function ensurePortalConfiguration(
  stripe: Stripe,
  prices: Stripe.Price[],
  log: (line: string) => void,
): Promise<string> {
  // One entry per product, each with its plan's current price.
  const products = new Map<string, string[]>();
  for (const price of prices) {
    const product = String(price.product);
    products.set(product, [...(products.get(product) ?? []), price.id]);
  }
  const features: Stripe.BillingPortal.ConfigurationCreateParams.Features = {
    subscription_update: {
      enabled: prices.length > 0,
      default_allowed_updates: ["price"],
      proration_behavior: "create_prorations",
      products: [...products].map(([product, ids]) => ({ product, prices: ids })),
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

/** The plans sold through Checkout now, at their latest versions. */
export async function sellablePlans(db: Db): Promise<PlanTerms[]> {
  return (await listPlans(db)).filter(isSellable);
}

/**
 * Creates or finds, by lookup key, the product and PKR monthly price of every plan sold through
 * Checkout (its latest version), and the Customer Portal configuration that lets customers switch
 * between them and cancel at period end. Safe to run again: it changes nothing that is already
 * right. Used by `npm run stripe:setup`, after an admin saves a plan, and by checkout.
 */
export async function ensureCatalog(
  db: Db,
  stripe: Stripe,
  log: (line: string) => void = () => {},
): Promise<Catalog> {
  const plans = await sellablePlans(db);
  const prices: Stripe.Price[] = [];
  for (const plan of plans) prices.push(await pricePinned(db, stripe, plan, log));
  const portalConfiguration = await ensurePortalConfiguration(stripe, prices, log);
  return {
    prices: Object.fromEntries(plans.map((plan, i) => [plan.id, prices[i].id])),
    portalConfiguration,
  };
}

/** A configured price id (STRIPE_PRICE_STARTER / _PRO) wins for the default plans' first version. */
async function pricePinned(
  db: Db,
  stripe: Stripe,
  plan: PlanTerms,
  log: (line: string) => void,
): Promise<Stripe.Price> {
  const { priceIds } = billingConfig();
  const configured =
    plan.version === 1 && (plan.id === "starter" || plan.id === "pro") ? priceIds[plan.id] : null;
  if (configured) return stripe.prices.retrieve(configured);
  return ensurePlanPrice(db, stripe, plan, log);
}

let loaded: { signature: string; catalog: Promise<Catalog> } | undefined;

/**
 * The catalog for checkout and the portal, synced once per set of sellable plan versions (one
 * cheap query per call decides whether an admin's edit made it stale).
 */
export async function catalog(db: Db, stripe: Stripe): Promise<Catalog> {
  const signature = (await sellablePlans(db))
    .map((plan) => `${plan.id}:${plan.versionId}`)
    .join(",");
  if (loaded?.signature !== signature) {
    const entry = {
      signature,
      catalog: ensureCatalog(db, stripe).catch((error: unknown) => {
        if (loaded === entry) loaded = undefined;
        throw error;
      }),
    };
    loaded = entry;
  }
  return loaded.catalog;
}

export function forgetCatalog(): void {
  loaded = undefined;
}
