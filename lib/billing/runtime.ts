import { billingConfig } from "./config";
import { billingDeps } from "./deps";
import { stopEmulator } from "./emulator-mount";
import { sweepBilling } from "./sweeper";

export interface BillingRuntime {
  /** Stop sweeping (waiting for a sweep under way) and the emulator. */
  stop(): Promise<void>;
}

/**
 * Billing's background work in `npm start`'s web process, started by its root: the sweeper that
 * ends grace periods and finished cancellations (every DARWAZA_BILLING_SWEEP_MS, default a
 * minute). Says which mode billing is in.
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
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepBilling(billingDeps())
      .catch((error: unknown) => console.error("Billing sweeper failed; will try again.", error))
      .finally(() => {
        running = null;
      });
  }, config.sweepMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      stopEmulator();
    },
  };
}
