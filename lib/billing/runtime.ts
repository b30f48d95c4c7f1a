import { billingConfig } from "./config";
import { billingDeps } from "./deps";
import { stopEmulator } from "./emulator-mount";
import { sweepBilling } from "./sweeper";

const KEY = Symbol.for("darwaza.billing.runtime");
type Holder = { [KEY]?: { timer: NodeJS.Timeout; running: Promise<unknown> | null } };

/**
 * Billing's background work in `npm start`: the sweeper that ends grace periods and finished
 * cancellations (every DARWAZA_BILLING_SWEEP_MS, default a minute). Says which mode billing is in.
 */
export async function startBilling(): Promise<void> {
  const config = billingConfig();
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  if (config.mode === "emulator") {
    console.log(
      `Darwaza: billing in TEST MODE against the local Stripe emulator (${config.emulatorUrl}/v1); set STRIPE_SECRET_KEY for real payments.`,
    );
  } else {
    console.log(
      `Darwaza: billing through Stripe${config.testMode ? " (Stripe test mode key)" : ""}.`,
    );
  }
  const state: { timer: NodeJS.Timeout; running: Promise<unknown> | null } = {
    running: null,
    timer: setInterval(() => {
      if (state.running) return;
      state.running = sweepBilling(billingDeps())
        .catch((error: unknown) => console.error("Billing sweeper failed; will try again.", error))
        .finally(() => {
          state.running = null;
        });
    }, config.sweepMs),
  };
  state.timer.unref();
  holder[KEY] = state;
}

export async function stopBilling(): Promise<void> {
  const holder = globalThis as Holder;
  const state = holder[KEY];
  if (state) {
    clearInterval(state.timer);
    await state.running;
    delete holder[KEY];
  }
  stopEmulator();
}
