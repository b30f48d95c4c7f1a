/**
 * The API version the emulator speaks: the one this stripe-node release pins, so objects have the
 * shapes the SDK's types describe (e.g. billing periods on subscription items, an invoice's
 * subscription under `parent.subscription_details`).
 */
export const ApiVersion = "2026-10-28.endive";
