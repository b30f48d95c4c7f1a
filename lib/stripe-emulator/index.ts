/**
 * The Stripe emulator's one seam to the app (see README.md): build a StripeEmulator with the
 * options it needs and serve requests to it. It imports nothing from the app.
 */
export { HOSTED_PREFIX, StripeEmulator, type StripeEmulatorOptions } from "./emulator";
export { serveNodeRequest } from "./node";
export type { EmulatorRequest, EmulatorResponse } from "./router";
