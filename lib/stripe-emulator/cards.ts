import { invalidRequest } from "./errors";

/**
 * Stripe's test cards, by number, and what each does: which charges it declines, and when it asks
 * for 3D Secure. Any other well-formed number behaves like 4242 4242 4242 4242.
 */
export interface TestCard {
  number: string;
  brand: "visa" | "mastercard" | "amex" | "unknown";
  /** A charge on it is declined with this decline_code (null: charges succeed). */
  declineCode: string | null;
  /** Refused already when saved (attached) to a customer, as Stripe checks cards there. */
  refusedOnAttach: boolean;
  /**
   * "always": every payment needs authentication (4000 0027 6000 3184); "unless_set_up": on
   * session always, off session only if the card was not set up for it (4000 0025 0000 3155).
   */
  authentication: "none" | "unless_set_up" | "always";
}

const SPECIAL: Record<string, Omit<TestCard, "number" | "brand">> = {
  "4000000000000002": {
    declineCode: "generic_decline",
    refusedOnAttach: true,
    authentication: "none",
  },
  "4000000000009995": {
    declineCode: "insufficient_funds",
    refusedOnAttach: true,
    authentication: "none",
  },
  // Attaching succeeds, every charge fails: how Stripe tests a saved card that stops working.
  "4000000000000341": {
    declineCode: "generic_decline",
    refusedOnAttach: false,
    authentication: "none",
  },
  "4000002500003155": {
    declineCode: null,
    refusedOnAttach: false,
    authentication: "unless_set_up",
  },
  "4000002760003184": { declineCode: null, refusedOnAttach: false, authentication: "always" },
};

/** Stripe's test PaymentMethod ids (`pm_card_visa`, …), usable wherever a PaymentMethod is. */
export const TEST_PAYMENT_METHODS: Record<string, { number: string; setUp: boolean }> = {
  pm_card_visa: { number: "4242424242424242", setUp: false },
  pm_card_mastercard: { number: "5555555555554444", setUp: false },
  pm_card_chargeDeclined: { number: "4000000000000002", setUp: false },
  pm_card_chargeDeclinedInsufficientFunds: { number: "4000000000009995", setUp: false },
  pm_card_chargeCustomerFail: { number: "4000000000000341", setUp: false },
  pm_card_authenticationRequired: { number: "4000002760003184", setUp: false },
  pm_card_authenticationRequiredSetupForOffSession: { number: "4000002500003155", setUp: true },
};

function brandOf(digits: string): TestCard["brand"] {
  if (digits.startsWith("4")) return "visa";
  if (/^5[1-5]/.test(digits) || /^2[2-7]/.test(digits)) return "mastercard";
  if (/^3[47]/.test(digits)) return "amex";
  return "unknown";
}

/** Reads a typed card number (spaces and dashes allowed); a malformed one is Stripe's error. */
export function testCard(typed: string): TestCard {
  const digits = typed.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) {
    throw invalidRequest("Your card number is invalid.", "number", "invalid_number");
  }
  const special = SPECIAL[digits] ?? {
    declineCode: null,
    refusedOnAttach: false,
    authentication: "none" as const,
  };
  return { number: digits, brand: brandOf(digits), ...special };
}

/** Stripe's customer-facing message for a decline code. */
export function declineMessage(declineCode: string): string {
  if (declineCode === "insufficient_funds") return "Your card has insufficient funds.";
  return "Your card was declined.";
}
