import Stripe from "stripe";

/** The meter's event name: one event carries an account's postpaid cost, in micro-rupees. */
export const OVERAGE_EVENT = "darwaza_overage_micros";
/** One shared metered price: costs come priced from our price book, so every plan bills 1:1. */
export const OVERAGE_LOOKUP_KEY = "darwaza_overage_micros_pkr";
/**
 * Paisa per micro-rupee (1 paisa = 10,000 micros): the meter counts exact micros and Stripe
 * multiplies by this decimal and rounds once per invoice line, so nothing is rounded per call.
 */
export const PAISA_PER_MICRO = "0.0001";

export interface OverageCatalog {
  meter: Stripe.Billing.Meter;
  price: Stripe.Price;
}

/** The active meter with our event name: found, or created (sum of `value` per customer). */
export async function ensureOverageMeter(stripe: Stripe): Promise<Stripe.Billing.Meter> {
  for await (const meter of stripe.billing.meters.list({ status: "active", limit: 100 })) {
    if (meter.event_name === OVERAGE_EVENT) return meter;
  }
  return stripe.billing.meters.create({
    display_name: "Darwaza overage (micro-rupees)",
    event_name: OVERAGE_EVENT,
    default_aggregation: { formula: "sum" },
    customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
    value_settings: { event_payload_key: "value" },
  });
}

function wanted(price: Stripe.Price, meter: string): boolean {
  return (
    price.active &&
    price.currency === "pkr" &&
    price.recurring?.usage_type === "metered" &&
    price.recurring.meter === meter &&
    price.recurring.interval === "month" &&
    String(price.unit_amount_decimal) === PAISA_PER_MICRO
  );
}

/**
 * The metered PKR price on the meter, found by lookup key like the plans' prices (catalog.ts) or
 * created on its own product; a key held by a price with other terms moves to the new one.
 */
export async function ensureOverageCatalog(
  stripe: Stripe,
  log: (line: string) => void = () => {},
): Promise<OverageCatalog> {
  const meter = await ensureOverageMeter(stripe);
  const found = await stripe.prices.list({
    lookup_keys: [OVERAGE_LOOKUP_KEY],
    active: true,
    limit: 1,
  });
  const existing = found.data[0];
  if (existing && wanted(existing, meter.id)) return { meter, price: existing };
  const product =
    typeof existing?.product === "string"
      ? existing.product
      : (
          await stripe.products.create({
            name: "Darwaza usage past the allowance",
            description: "Postpaid overage at list price, billed monthly in arrears",
            metadata: { darwaza_overage: "1" },
          })
        ).id;
  const price = await stripe.prices.create({
    product,
    currency: "pkr",
    unit_amount_decimal: Stripe.Decimal.from(PAISA_PER_MICRO),
    recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    lookup_key: OVERAGE_LOOKUP_KEY,
    transfer_lookup_key: true,
    nickname: "Overage (PKR, per micro-rupee)",
    metadata: { darwaza_overage: "1" },
  });
  log(`created overage price ${price.id} on meter ${meter.id}`);
  return { meter, price };
}

let loaded: Promise<OverageCatalog> | undefined;

/** The overage catalog, found once per process (forgotten on failure). */
export function overageCatalog(stripe: Stripe): Promise<OverageCatalog> {
  if (!loaded) {
    const entry = ensureOverageCatalog(stripe).catch((error: unknown) => {
      if (loaded === entry) loaded = undefined;
      throw error;
    });
    loaded = entry;
  }
  return loaded;
}

export function forgetOverageCatalog(): void {
  loaded = undefined;
}

/** Whether a subscription's item bills metered usage (not the plan's licensed price). */
export function isMetered(price: Pick<Stripe.Price, "recurring"> | null | undefined): boolean {
  return price?.recurring?.usage_type === "metered";
}
