import { errorBody, type GatewayError } from "../errors";
import type { GatewayResponse } from "../http/types";

export function errorResponse(
  error: GatewayError,
  headers: Record<string, string>,
): GatewayResponse & { body: string } {
  const all: Record<string, string> = {
    ...headers,
    ...error.headers,
    "content-type": "application/json",
  };
  // A body refused half-read leaves bytes on the connection: close it rather than reuse it.
  if (error.status === 413) all.connection = "close";
  return { status: error.status, headers: all, body: errorBody(error) };
}
