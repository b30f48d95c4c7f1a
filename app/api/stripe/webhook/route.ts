import { billingDeps } from "@/lib/billing/deps";
import { webhookSecret } from "@/lib/billing/stripe-client";
import { handleWebhookRequest } from "@/lib/billing/webhook/handle-request";

// The signature covers the exact bytes Stripe sent: read the raw body on every request.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handleWebhookRequest(request, billingDeps, webhookSecret());
}
