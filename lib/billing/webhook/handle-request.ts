import type { BillingDeps } from "../sync";
import { describeError } from "./event-log";
import { processEvent } from "./process-event";

const TOLERANCE_SECONDS = 300;
const MAX_BYTES = 1024 * 1024;

// Stripe's contract, not lib/http's errors: Stripe acts on the status and logs this body as is.
function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * POST /api/stripe/webhook: verify the signature on the raw body (a bad or stale one is a 400 and
 * nothing happens), then process the event once. Anything that fails while storing is a 500, so
 * Stripe keeps retrying until the effect is in.
 */
export async function handleWebhookRequest(
  request: Request,
  deps: () => BillingDeps,
  secret: string | null,
): Promise<Response> {
  if (!secret) {
    console.error("Stripe webhook: STRIPE_WEBHOOK_SECRET is not set; refusing events until it is.");
    return reply(500, { error: "Webhook secret is not configured." });
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES) return reply(413, { error: "Payload too large." });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return reply(400, { error: "Missing Stripe-Signature header." });
  const payload = await request.text();
  const billing = deps();
  let event: ReturnType<typeof billing.stripe.webhooks.constructEvent>;
  try {
    event = billing.stripe.webhooks.constructEvent(payload, signature, secret, TOLERANCE_SECONDS);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : "Invalid signature.";
    return reply(400, { error: `Webhook signature verification failed: ${message}` });
  }
  try {
    const outcome = await processEvent(event, billing);
    return reply(200, { received: true, ...outcome });
  } catch (error) {
    console.error(
      `Stripe webhook: ${event.type} ${event.id} failed, Stripe will retry. ${describeError(error)}`,
    );
    return reply(500, { error: "The event could not be processed; it will be retried." });
  }
}
