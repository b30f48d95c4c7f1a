import { getCurrentUser } from "@/lib/auth/current-user";
import { syncCheckoutReturn } from "@/lib/billing/checkout-return";
import { billingDeps } from "@/lib/billing/deps";
import { can } from "@/lib/teams/roles";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Stripe Checkout's success_url: sync the new subscription right away (the webhook may still be
 * on its way), then show the billing page. A relative Location keeps the host the browser used.
 */
export async function GET(request: Request): Promise<Response> {
  const sessionId = new URL(request.url).searchParams.get("session_id");
  const user = await getCurrentUser();
  let outcome = "pending";
  if (user && sessionId && can(user.teamRole, "billing:view")) {
    try {
      if (await syncCheckoutReturn(billingDeps(), user.accountId, sessionId)) outcome = "success";
    } catch (error) {
      // The webhook will bring the plan in; the page says it is on its way.
      console.error("Billing: checkout return sync failed", error);
    }
  }
  return new Response(null, {
    status: 303,
    headers: { location: `/dashboard/billing?checkout=${outcome}`, "cache-control": "no-store" },
  });
}
