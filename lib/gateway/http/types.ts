/**
 * The gateway core's own minimal request/response, so node:http (the fast mount) and Web
 * Request/Response (the Next route handlers) are both thin adapters around one behaviour.
 */
export interface GatewayRequest {
  method: string;
  /** The path without the query string, e.g. /api/v1/chat/completions. */
  path: string;
  /** The raw query string without "?", or "". */
  query: string;
  /** A header by lower-case name; repeated headers joined with ", ". */
  header(name: string): string | undefined;
  /**
   * The body, read at most `limit` bytes: past it the adapter stops reading and throws a
   * GatewayError 413. Call it once. The node:http mount has it read already and answers at once
   * (no promise: see the pipeline's fast path, lib/gateway/pipeline/handle.ts).
   */
  readBody(limit: number): Uint8Array | Promise<Uint8Array>;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
  /** The client's address (behind trusted proxies, from X-Forwarded-For: lib/http/client-ip.ts). */
  clientIp(): string;
}

export type ResponseBody = Uint8Array | string | AsyncIterable<Uint8Array> | null;

export interface GatewayResponse {
  status: number;
  headers: Record<string, string>;
  body: ResponseBody;
}

export function isStreamBody(body: ResponseBody): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}
