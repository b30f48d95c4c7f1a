import { z } from "zod";
import type { Mailer } from "@/lib/mail/mailer";
import { billingConfig } from "../../config";
import type { BillingDeps } from "../../sync";

export interface RechargeDeps extends BillingDeps {
  mailer: Mailer;
  /** No new attempt this long after a failure (a declined card is not hammered). */
  retryDelayMs: number;
  /** An attempt still in flight after this long is asked again, with the same idempotency key. */
  staleMs: number;
  /** The portal's Credit page, for the mail (null: named in words). */
  creditPageUrl: string | null;
}

const configSchema = z.object({
  /** How often the auto-recharge job looks for balances under their threshold. */
  DARWAZA_AUTO_RECHARGE_POLL_MS: z.coerce.number().int().min(500).default(5_000),
  /** How long after a failed attempt the next one may run. */
  DARWAZA_AUTO_RECHARGE_RETRY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60 * 60_000),
});

export function autoRechargeConfig() {
  const parsed = configSchema.parse(process.env);
  return {
    pollMs: parsed.DARWAZA_AUTO_RECHARGE_POLL_MS,
    retryDelayMs: parsed.DARWAZA_AUTO_RECHARGE_RETRY_MS,
  };
}

/** The job's collaborators: billing's own, the process's mailer, and its timings. */
export function rechargeDeps(base: BillingDeps, mailer: Mailer): RechargeDeps {
  const publicUrl = billingConfig().publicUrl;
  return {
    ...base,
    mailer,
    retryDelayMs: autoRechargeConfig().retryDelayMs,
    staleMs: 2 * 60_000,
    creditPageUrl: publicUrl ? `${publicUrl}/dashboard/credit` : null,
  };
}
