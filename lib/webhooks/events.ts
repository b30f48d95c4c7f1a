/**
 * Every event an account can be told about, by email and webhook. The names follow the
 * Standard Webhooks convention (dotted, past tense); customers choose among them per endpoint.
 */
export const EVENT_TYPES = [
  "usage.threshold_reached",
  "spend_cap.threshold_reached",
  "credit.low",
  "api_key.created",
  "api_key.rolled",
  "api_key.revoked",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

export type AccountEventType = (typeof EVENT_TYPES)[number];

/** Customer-facing names, for the portal and the subject of each mail. */
export const EVENT_LABELS: Record<AccountEventType, string> = {
  "usage.threshold_reached": "Daily allowance reached 50%, 80% or 100%",
  "spend_cap.threshold_reached": "Monthly spend cap reached 50%, 80% or 100%",
  "credit.low": "Credit below your low-credit threshold",
  "api_key.created": "API key created",
  "api_key.rolled": "API key rolled",
  "api_key.revoked": "API key revoked",
  "invoice.paid": "Invoice paid",
  "invoice.payment_failed": "Invoice payment failed",
};

export function isEventType(value: string): value is AccountEventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** The percentages of an allowance or a cap that raise an alert. */
export const THRESHOLDS = [50, 80, 100] as const;
