import { z } from "zod";
import { env } from "@/lib/config/env";

/**
 * Billing's view of the configuration. With STRIPE_SECRET_KEY set Darwaza talks to Stripe and the
 * emulator is never used; without it billing runs in test mode against the local Stripe emulator
 * that `npm start` serves on the app's own port.
 */
export type BillingMode = "stripe" | "emulator";

const extraSchema = z.object({
  /** Where the SDK reaches the emulator (default: this server on 127.0.0.1:PORT). */
  DARWAZA_STRIPE_EMULATOR_URL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.url().optional())
    .optional(),
  /** Where the Enterprise "Contact us" link goes (default DARWAZA_ADMIN_EMAIL). */
  DARWAZA_SALES_EMAIL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.email().optional())
    .optional(),
  /** How often the grace-period sweeper runs. */
  DARWAZA_BILLING_SWEEP_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** How often postpaid overage is reported to Stripe's meter (one event per account). */
  DARWAZA_OVERAGE_REPORT_MS: z.coerce.number().int().min(1_000).default(60_000),
});

export interface BillingConfig {
  mode: BillingMode;
  /** A Stripe key in test mode (sk_test_/rk_test_) or the emulator: no real money moves. */
  testMode: boolean;
  secretKey: string | null;
  webhookSecret: string | null;
  priceIds: { starter: string | null; pro: string | null };
  graceDays: number;
  publicUrl: string | null;
  emulatorUrl: string;
  salesEmail: string | null;
  sweepMs: number;
  overageReportMs: number;
}

export function billingConfig(): BillingConfig {
  const base = env();
  const extra = extraSchema.parse(process.env);
  const secretKey = base.STRIPE_SECRET_KEY ?? null;
  const loopback = ["0.0.0.0", "::", "", "localhost"].includes(base.HOST) ? "127.0.0.1" : base.HOST;
  return {
    mode: secretKey ? "stripe" : "emulator",
    testMode: !secretKey || /^(sk|rk)_test_/.test(secretKey),
    secretKey,
    webhookSecret: base.STRIPE_WEBHOOK_SECRET ?? null,
    priceIds: { starter: base.STRIPE_PRICE_STARTER ?? null, pro: base.STRIPE_PRICE_PRO ?? null },
    graceDays: base.DARWAZA_GRACE_DAYS,
    publicUrl: base.DARWAZA_PUBLIC_URL?.replace(/\/$/, "") ?? null,
    emulatorUrl: (extra.DARWAZA_STRIPE_EMULATOR_URL ?? `http://${loopback}:${base.PORT}`).replace(
      /\/$/,
      "",
    ),
    salesEmail: extra.DARWAZA_SALES_EMAIL ?? base.DARWAZA_ADMIN_EMAIL ?? null,
    sweepMs: extra.DARWAZA_BILLING_SWEEP_MS,
    overageReportMs: extra.DARWAZA_OVERAGE_REPORT_MS,
  };
}
