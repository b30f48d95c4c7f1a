import { reconciliationJson } from "@/lib/admin/reconcile/json";
import { reconcile } from "@/lib/admin/reconcile/reconcile";
import { stripe } from "@/lib/billing/stripe-client";
import { route } from "@/lib/http/route";

/** GET: ledger = usage events' costs = Stripe payments, per account (admin API token). */
export const GET = route({ auth: "admin-api" }, async () =>
  Response.json(reconciliationJson(await reconcile(stripe()))),
);
