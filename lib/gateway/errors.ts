/**
 * One error type for everything the gateway refuses, and one mapper to OpenAI's error shape
 * ({error: {message, type, param, code}}), so the official SDKs raise their typed errors.
 */
export const ERROR_TYPES = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "rate_limit_exceeded",
  "insufficient_quota",
  "upstream_error",
  "server_error",
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

export interface ErrorOptions {
  type?: ErrorType;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
}

export class GatewayError extends Error {
  readonly type: ErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message);
    this.name = "GatewayError";
    this.type = options.type ?? defaultType(status);
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
  }
}

function defaultType(status: number): ErrorType {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function badRequest(
  message: string,
  param: string | null = null,
  code?: string,
): GatewayError {
  return new GatewayError(400, message, { type: "invalid_request_error", param, code });
}

export function errorBody(error: GatewayError): string {
  return JSON.stringify({
    error: { message: error.message, type: error.type, param: error.param, code: error.code },
  });
}

/** Anything that is not a GatewayError is our fault: a 500 that tells nothing about internals. */
export function toGatewayError(error: unknown, requestId: string): GatewayError {
  if (error instanceof GatewayError) return error;
  console.error(`[gateway] ${requestId} internal error:`, error);
  return new GatewayError(
    500,
    `The server had an error processing your request (request id ${requestId}).`,
    {
      type: "server_error",
      code: "internal_error",
    },
  );
}
