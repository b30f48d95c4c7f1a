import type { GatewayRequest } from "../http/types";

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, trimmed; null when absent. */
export function extractKey(request: GatewayRequest): string | null {
  const authorization = request.header("authorization");
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  const header = request.header("x-api-key");
  return header ? header.trim() : null;
}
