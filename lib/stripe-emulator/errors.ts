/**
 * Errors in Stripe's shape: `{"error": {type, code?, message, param?}}` with the HTTP status Stripe
 * uses, so the SDK raises the same error classes (StripeInvalidRequestError, …) it would in live.
 */
export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** More fields of the error body (decline_code, charge, payment_intent, …). */
    readonly extra: Record<string, unknown> = {},
    /** A failed payment still happened: its objects and events are kept, not rolled back. */
    readonly keepsChanges = false,
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  body(requestId: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}`;
    }
    if (this.param) error.param = this.param;
    Object.assign(error, this.extra);
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    return { error };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, code, param);
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

export function noSuch(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(
    404,
    "invalid_request_error",
    `No such ${kind}: '${id}'`,
    "resource_missing",
    param,
  );
}
