import { env } from "@/lib/config/env";
import { createMailer } from "@/lib/mail/create";
import { mailSettings } from "@/lib/mail/settings";
import { billingConfig } from "./config";
import { billingDeps } from "./deps";
import { stopEmulator } from "./emulator-mount";
import { reportOverage } from "./overage/reporter";
import { sweepBilling } from "./sweeper";
import { autoRechargeConfig, rechargeDeps } from "./topups/auto-recharge/deps";
import { runAutoRecharge } from "./topups/auto-recharge/poll";

export interface BillingRuntime {
  /** Stop sweeping and recharging (waiting for rounds under way) and the emulator. */
  stop(): Promise<void>;
}

/** Runs `round` every `ms`, never two at once; `stop` waits for the one under way. */
function every(ms: number, what: string, round: () => Promise<unknown>) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = round()
      .catch((error: unknown) => console.error(`${what} failed; will try again.`, error))
      .finally(() => {
        running = null;
      });
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Billing's background work in `npm start`'s web process, started by its root: the sweeper that
 * ends grace periods and finished cancellations (every DARWAZA_BILLING_SWEEP_MS, default a
 * minute), the overage reporter (every DARWAZA_OVERAGE_REPORT_MS, default a minute), and the auto-recharge job (every DARWAZA_AUTO_RECHARGE_POLL_MS, default 5 s) — a poll
 * of the ledger here, because the web process owns Stripe and mail while the gateway's hot path
 * must not wait on either. Says which mode billing is in.
 */
export function startBilling(): BillingRuntime {
  const config = billingConfig();
  if (config.mode === "emulator") {
    console.log(
      `Darwaza: billing in TEST MODE against the local Stripe emulator (${config.emulatorUrl}/v1); set STRIPE_SECRET_KEY for real payments.`,
    );
  } else {
    console.log(
      `Darwaza: billing through Stripe${config.testMode ? " (Stripe test mode key)" : ""}.`,
    );
  }
  const mailer = createMailer(mailSettings(env()), (line) => console.log(line));
  const stopSweeper = every(config.sweepMs, "Billing sweeper", () => sweepBilling(billingDeps()));
  const stopRecharge = every(autoRechargeConfig().pollMs, "Auto-recharge", () =>
    runAutoRecharge(rechargeDeps(billingDeps(), mailer)),
  );
  // Postpaid overage to Stripe's meter: one event per account per round (ids make resends harmless).
  const stopOverage = every(config.overageReportMs, "Overage reporter", () =>
    reportOverage(billingDeps()),
  );
  return {
    async stop() {
      await Promise.all([stopSweeper(), stopRecharge(), stopOverage()]);
      stopEmulator();
    },
  };
}
