import { GatewayError } from "../errors";

export function bodyTooLarge(limit: number): GatewayError {
  return new GatewayError(413, `The request body is larger than the ${limit}-byte limit.`, {
    type: "invalid_request_error",
    code: "request_too_large",
  });
}

export function clientGone(): GatewayError {
  return new GatewayError(499, "The client closed the request.", { code: "client_closed_request" });
}

/** A declared Content-Length over the limit is refused before reading a byte. */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > limit;
}
