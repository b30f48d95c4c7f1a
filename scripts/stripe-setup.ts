/**
 * `npm run stripe:setup`: creates (or finds, by lookup key) the product and PKR monthly price of
 * every plan sold through Checkout (from the plans tables of DATABASE_URL, or the embedded
 * database; the defaults are seeded if missing) and the Customer Portal configuration in the Stripe account of
 * STRIPE_SECRET_KEY, then prints the env lines to use. Without STRIPE_SECRET_KEY it does the same
 * against the test-mode emulator of a running `npm start` (same PORT and DARWAZA_DATA_DIR).
 */
import { ensureCatalog } from "@/lib/billing/catalog";
import { billingConfig } from "@/lib/billing/config";
import { stripe } from "@/lib/billing/stripe-client";
import { ConfigError } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { releaseEmbeddedDatabase, resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { seedDefaultPlans } from "@/lib/plans/seed";

const WEBHOOK_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.paid",
  "invoice.payment_failed",
];

async function main(): Promise<void> {
  const config = billingConfig();
  const where =
    config.mode === "stripe"
      ? `Stripe (${config.testMode ? "test mode" : "LIVE mode"})`
      : `the local Stripe emulator at ${config.emulatorUrl} (test mode)`;
  console.log(`Setting up Darwaza's plans in ${where} …`);
  const client = stripe();
  const database = openDatabase(await resolveDatabaseUrl());
  let catalog: Awaited<ReturnType<typeof ensureCatalog>>;
  try {
    await seedDefaultPlans(database.prisma);
    catalog = await ensureCatalog(database.prisma, client, (line) => console.log(`  ${line}`));
  } catch (error) {
    if (config.mode === "emulator") {
      console.error(
        `Could not reach the emulator at ${config.emulatorUrl}: it runs inside Darwaza, so start it first (\`npm start\`).`,
      );
    }
    throw error;
  } finally {
    await database.close();
  }
  console.log("\nDone. Add these lines to your environment (.env):\n");
  console.log(`STRIPE_PRICE_STARTER=${catalog.prices.starter}`);
  console.log(`STRIPE_PRICE_PRO=${catalog.prices.pro}`);
  if (config.mode === "stripe") {
    const base = config.publicUrl ?? "https://<your-darwaza-host>";
    console.log(`
Then add a webhook endpoint in the Stripe Dashboard (Developers → Webhooks):
  URL:    ${base}/api/stripe/webhook
  Events: ${WEBHOOK_EVENTS.join(", ")}
and set STRIPE_WEBHOOK_SECRET to its signing secret (whsec_…).
Customer Portal configuration: ${catalog.portalConfiguration} (found again by its metadata; nothing to set).`);
  } else {
    console.log("\n(Test mode finds these by lookup key on its own; the lines are optional here.)");
  }
}

main()
  .finally(releaseEmbeddedDatabase)
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
