import { db } from "@/lib/db/client";
import { invalidateAccount } from "@/lib/keys/cache";
import { billingConfig } from "./config";
import { stripe } from "./stripe-client";
import type { BillingDeps } from "./sync";

/** The real collaborators: this process's database, Stripe (or the emulator) and gateway cache. */
export function billingDeps(): BillingDeps {
  return {
    db: db(),
    stripe: stripe(),
    now: () => new Date(),
    graceDays: billingConfig().graceDays,
    invalidate: invalidateAccount,
  };
}
