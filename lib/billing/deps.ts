import { services } from "@/lib/services";
import { billingConfig } from "./config";
import { stripe } from "./stripe-client";
import type { BillingDeps } from "./sync";

/** The real collaborators: this process's database, Stripe (or the emulator) and gateway cache. */
export function billingDeps(): BillingDeps {
  const { database, control } = services();
  return {
    db: database.prisma,
    stripe: stripe(),
    now: () => new Date(),
    graceDays: billingConfig().graceDays,
    invalidate: (id) => control.invalidate({ scope: "account", id }),
  };
}
