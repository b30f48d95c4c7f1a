"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startCheckout } from "@/lib/billing/checkout";
import { billingDeps } from "@/lib/billing/deps";
import { portalUrl } from "@/lib/billing/portal";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action } from "@/lib/http/action";
import { PLAN_SLUG } from "@/lib/plans/lookup-key";

const BILLING = "/dashboard/billing";

/** Where to go when Stripe cannot be reached: back to the page with a message. */
function failed(error: unknown): string {
  console.error("Billing: Stripe call failed", error);
  return `${BILLING}?error=unavailable`;
}

/** Upgrade: a Stripe Checkout for the chosen plan, or the portal if a subscription already exists. */
export const upgrade = action(
  {
    role: "user",
    permission: "billing:manage",
    returnTo: BILLING,
    schema: z.object({ plan: z.string().regex(PLAN_SLUG) }),
    invalid: () => redirect(`${BILLING}?error=plan`),
  },
  async ({ plan }, { user }): Promise<void> => {
    let target: string;
    try {
      const origin = await requestOrigin();
      const result = await startCheckout(billingDeps(), {
        accountId: user.accountId,
        userId: user.id,
        email: user.email,
        plan,
        origin,
      });
      if (result.kind === "checkout") target = result.url;
      else if (result.kind === "refused") target = `${BILLING}?error=enterprise`;
      else target = await portalTarget(user.accountId, origin);
    } catch (error) {
      target = failed(error);
    }
    // redirect() throws to do its work: it stays outside the try.
    redirect(target);
  },
);

/** The Customer Portal's URL for the account, or the billing page saying it is unavailable. */
async function portalTarget(accountId: string, origin: string): Promise<string> {
  const url = await portalUrl(billingDeps(), accountId, `${origin}${BILLING}`);
  return url ?? `${BILLING}?error=portal`;
}

/** Manage: the Stripe Customer Portal (switch plan, cancel, card, invoices). */
export const manage = action(
  { role: "user", permission: "billing:manage", returnTo: BILLING },
  async (_input, { user }): Promise<void> => {
    let target: string;
    try {
      target = await portalTarget(user.accountId, await requestOrigin());
    } catch (error) {
      target = failed(error);
    }
    redirect(target);
  },
);
