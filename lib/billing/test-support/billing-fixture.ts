import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type Stripe from "stripe";
import { POST } from "@/app/api/stripe/webhook/route";
import { resetEnvCache } from "@/lib/config/env";
import { db } from "@/lib/services";
import { setUpTestServices } from "@/lib/services/test-support";
import {
  type EmulatorServer,
  startEmulatorServer,
} from "@/lib/stripe-emulator/test-support/server";
import { forgetCatalog } from "../catalog";
import { emulatorApiKey, emulatorWebhookSecret } from "../emulator-secrets";
import { stripe } from "../stripe-client";

/** Node request → Web Request for the route, and back: the app's real webhook route over HTTP. */
async function serveRoute(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers,
        body: Buffer.concat(chunks),
      });
      void POST(request).then(async (response) => {
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/stripe/webhook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface BillingFixture {
  databaseUrl: string;
  emulator: EmulatorServer;
  /** The app's own Stripe client (test mode: pointed at the emulator). */
  stripe: Stripe;
  webhookSecret: string;
  /** Where the emulator delivers (the real route), when started with `deliver: true`. */
  routeUrl: string | null;
  createAccount(email: string): Promise<{ accountId: string; customerId: string }>;
  close(): Promise<void>;
}

/**
 * Billing in test mode against a fresh database: the app's config points at an emulator on a
 * random port, with the API key and whsec_ secret test mode generates in a temporary data dir.
 * With `deliver: true` the emulator POSTs its webhooks to the real route.
 */
export async function startBillingFixture(
  options: { deliver?: boolean; retryDelaysMs?: number[] } = {},
): Promise<BillingFixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "darwaza-billing-"));
  const testServices = await setUpTestServices({
    env: {
      DARWAZA_DATA_DIR: dataDir,
      DARWAZA_STRIPE_EMULATOR_URL: undefined,
      STRIPE_SECRET_KEY: undefined,
      STRIPE_WEBHOOK_SECRET: undefined,
      STRIPE_PRICE_STARTER: undefined,
      STRIPE_PRICE_PRO: undefined,
    },
  });
  forgetCatalog();
  const route = options.deliver ? await serveRoute() : null;
  const emulator = await startEmulatorServer({
    apiKey: emulatorApiKey(),
    webhookSecret: emulatorWebhookSecret(),
    webhookEndpoint: () => route?.url ?? null,
    retryDelaysMs: options.retryDelaysMs,
  });
  process.env.DARWAZA_STRIPE_EMULATOR_URL = emulator.url;
  resetEnvCache();
  const client = stripe();
  return {
    databaseUrl: testServices.databaseUrl,
    emulator,
    stripe: client,
    webhookSecret: emulatorWebhookSecret(),
    routeUrl: route?.url ?? null,
    async createAccount(email) {
      const account = await db().account.create({
        data: { name: email, members: { create: { user: { create: { email } } } } },
      });
      const customer = await client.customers.create({
        email,
        metadata: { account_id: account.id },
      });
      await db().account.update({
        where: { id: account.id },
        data: { stripeCustomerId: customer.id },
      });
      return { accountId: account.id, customerId: customer.id };
    },
    async close() {
      await emulator.close();
      await route?.close();
      await testServices.teardown();
      forgetCatalog();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
