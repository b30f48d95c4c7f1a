import { billingDeps } from "@/lib/billing/deps";
import { requestOrigin } from "@/lib/billing/request-origin";
import { startTopUp } from "@/lib/billing/topups/checkout";
import { topUpSchema } from "@/lib/billing/topups/schemas";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Members whose role includes credit (lib/teams/roles.ts); others get a 403.
const access = { auth: "session", permission: "credit:manage", body: topUpSchema } as const;

/**
 * POST /api/billing/topups {"amount": "500"} (PKR): the signed-in customer's top-up Checkout, as
 * JSON — 201 with its URL; an amount under Stripe's minimum (PKR 140) or over the maximum is a 422.
 */
export const POST = route(access, async ({ body, user }) => {
  const checkout = await startTopUp(billingDeps(), {
    accountId: user.accountId,
    userId: user.id,
    email: user.email,
    amountMicros: body.amount,
    origin: await requestOrigin(),
  });
  return Response.json(
    { url: checkout.url, session: checkout.sessionId },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
