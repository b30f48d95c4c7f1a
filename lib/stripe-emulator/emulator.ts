import type { EmulatorContext, Route } from "./context";
import { renderEvent } from "./events";
import { handleHostedRequest } from "./hosted";
import { chargeRoutes } from "./resources/charges";
import { checkoutSessionRoutes } from "./resources/checkout-sessions";
import { customerRoutes } from "./resources/customers";
import { eventRoutes } from "./resources/events";
import { invoiceRoutes } from "./resources/invoices";
import { meterRoutes } from "./resources/meters";
import { paymentIntentRoutes } from "./resources/payment-intents";
import { paymentMethodRoutes } from "./resources/payment-methods";
import { portalConfigurationRoutes } from "./resources/portal-configurations";
import { portalSessionRoutes } from "./resources/portal-sessions";
import { priceRoutes } from "./resources/prices";
import { productRoutes } from "./resources/products";
import { refundRoutes } from "./resources/refunds";
import { subscriptionRoutes } from "./resources/subscriptions";
import {
  authenticate,
  type EmulatorRequest,
  type EmulatorResponse,
  errorResponse,
  handleApiRequest,
} from "./router";
import { EmulatorState } from "./state";
import { TEST_HOOK_PREFIX, testHookRoutes } from "./test-hooks";
import { WebhookSender } from "./webhook-sender";

export const HOSTED_PREFIX = "/_emulator/stripe";

const API_ROUTES: Route[] = [
  ...customerRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...checkoutSessionRoutes,
  ...portalConfigurationRoutes,
  ...portalSessionRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...paymentMethodRoutes,
  ...paymentIntentRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...meterRoutes,
  ...eventRoutes,
];

export interface StripeEmulatorOptions {
  /** The secret key clients must send (`Authorization: Bearer …`). */
  apiKey: string;
  webhookSecret: () => string;
  /** Where events are POSTed; null sends nothing. */
  webhookEndpoint: () => string | null;
  /** Origin the customer's browser reaches the hosted pages at, e.g. http://localhost:3000. */
  publicUrl: () => string;
  /** JSON file that keeps the state across restarts; null keeps it in memory only. */
  stateFile: string | null;
  retryDelaysMs?: number[];
  clock?: () => number;
}

/**
 * A local stand-in for the part of Stripe Darwaza uses: the REST API under /v1, hosted Checkout,
 * Customer Portal and invoice pages under /_emulator/stripe, signed webhooks, and test hooks under
 * /_emulator/stripe/test. Framework-free: give it a request, get a response.
 */
export class StripeEmulator {
  readonly state: EmulatorState;
  readonly webhooks: WebhookSender;

  constructor(private readonly options: StripeEmulatorOptions) {
    this.state = new EmulatorState(options.stateFile, options.clock);
    this.webhooks = new WebhookSender({
      endpoint: options.webhookEndpoint,
      secret: options.webhookSecret,
      render: (id) => renderEvent(this.context(), id),
      retryDelaysMs: options.retryDelaysMs,
    });
  }

  context(): EmulatorContext {
    return {
      state: this.state,
      baseUrl: `${this.options.publicUrl()}${HOSTED_PREFIX}`,
      events: this.webhooks,
    };
  }

  static handles(pathname: string): boolean {
    return (
      pathname === "/v1" || pathname.startsWith("/v1/") || pathname.startsWith(`${HOSTED_PREFIX}/`)
    );
  }

  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const pathname = new URL(request.url, "http://emulator.invalid").pathname;
    if (pathname.startsWith(`${TEST_HOOK_PREFIX}/`)) return this.handleTestHook(request, pathname);
    if (pathname.startsWith(`${HOSTED_PREFIX}/`))
      return handleHostedRequest(this.context(), request, HOSTED_PREFIX);
    return handleApiRequest(this.context(), this.options.apiKey, API_ROUTES, request);
  }

  private async handleTestHook(
    request: EmulatorRequest,
    pathname: string,
  ): Promise<EmulatorResponse> {
    const denied = authenticate(request.headers, this.options.apiKey);
    if (denied) return errorResponse(denied);
    if (
      pathname === `${TEST_HOOK_PREFIX}/webhooks/idle` &&
      request.method.toUpperCase() === "POST"
    ) {
      // Lets a test wait until every event so far has been delivered (or given up on).
      await Promise.race([
        this.webhooks.idle(),
        new Promise((resolve) => setTimeout(resolve, 30_000)),
      ]);
      return jsonResponse({ idle: true });
    }
    if (
      pathname === `${TEST_HOOK_PREFIX}/webhooks/deliveries` &&
      request.method.toUpperCase() === "GET"
    ) {
      return jsonResponse({ object: "list", data: [...this.webhooks.log].reverse() });
    }
    return handleApiRequest(this.context(), this.options.apiKey, testHookRoutes, request);
  }

  /** Resolves when every event sent so far has been delivered or given up on. */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  stop(): void {
    this.webhooks.stop();
  }
}

function jsonResponse(body: unknown): EmulatorResponse {
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body, null, 2),
  };
}
