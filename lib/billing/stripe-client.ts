import Stripe from "stripe";
import { billingConfig } from "./config";
import { emulatorApiKey, emulatorWebhookSecret } from "./emulator-secrets";

let cached: { signature: string; client: Stripe } | undefined;

/**
 * The Stripe client: the real API when STRIPE_SECRET_KEY is set, otherwise the local emulator,
 * reached through the SDK's own host/port/protocol options so every call goes through the same
 * code path as in live. Built again only when the configuration it was built from changes.
 */
export function stripe(): Stripe {
  const config = billingConfig();
  const signature = `${config.mode}|${config.secretKey ?? ""}|${config.emulatorUrl}`;
  if (cached?.signature === signature) return cached.client;
  const appInfo = { name: "Darwaza" };
  let client: Stripe;
  if (config.mode === "stripe" && config.secretKey) {
    client = new Stripe(config.secretKey, { maxNetworkRetries: 2, timeout: 20_000, appInfo });
  } else {
    const url = new URL(config.emulatorUrl);
    client = new Stripe(emulatorApiKey(), {
      host: url.hostname,
      port: url.port || (url.protocol === "https:" ? 443 : 80),
      protocol: url.protocol === "https:" ? "https" : "http",
      maxNetworkRetries: 1,
      timeout: 10_000,
      appInfo,
    });
  }
  cached = { signature, client };
  return client;
}

/** The secret webhooks are verified with: STRIPE_WEBHOOK_SECRET, or test mode's generated one. */
export function webhookSecret(): string | null {
  const config = billingConfig();
  if (config.webhookSecret) return config.webhookSecret;
  return config.mode === "emulator" ? emulatorWebhookSecret() : null;
}
