import type { IncomingMessage, ServerResponse } from "node:http";
import { StripeEmulator, serveNodeRequest } from "@/lib/stripe-emulator";
import { billingConfig } from "./config";
import { emulatorApiKey, emulatorStateFile, emulatorWebhookSecret } from "./emulator-secrets";

/**
 * Where the app mounts the Stripe emulator in test mode: one per web process, state in
 * DARWAZA_DATA_DIR/stripe-emulator/state.json (one instance per data directory), webhooks POSTed
 * to this server's /api/stripe/webhook. Only the web process's server uses it, so module state
 * is enough (the Next bundle never reaches it).
 */
let mounted: StripeEmulator | null = null;

function localEmulator(): StripeEmulator {
  mounted ??= new StripeEmulator({
    apiKey: emulatorApiKey(),
    webhookSecret: emulatorWebhookSecret,
    webhookEndpoint: () => `${billingConfig().emulatorUrl}/api/stripe/webhook`,
    publicUrl: () => {
      const config = billingConfig();
      return config.publicUrl ?? config.emulatorUrl.replace("//127.0.0.1:", "//localhost:");
    },
    stateFile: emulatorStateFile(),
  });
  return mounted;
}

/** True for /v1/* and /_emulator/stripe/* while billing runs in test mode; never with real keys. */
export function emulatorHandles(url: string): boolean {
  if (billingConfig().mode !== "emulator") return false;
  const pathname = url.split("?")[0] ?? "";
  return StripeEmulator.handles(pathname);
}

export function handleEmulatorRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return serveNodeRequest(localEmulator, req, res);
}

export function stopEmulator(): void {
  mounted?.stop();
}
