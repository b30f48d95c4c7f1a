import type http from "node:http";

/**
 * How long and how much a client may take, for the one node:http server `npm start` runs.
 * Slow clients (slowloris: headers a byte at a time; a body that never ends) are cut by
 * headersTimeout and requestTimeout; Node checks those every connectionsCheckingInterval, whose
 * 30 s default would let a slow socket live up to 45 s, so it is checked every second here.
 * requestTimeout covers receiving the request only, never a long streamed answer.
 */
export interface HttpLimits {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
  maxHeaderSize: number;
}

export const HTTP_LIMITS: Readonly<HttpLimits> = {
  headersTimeout: 15_000,
  requestTimeout: 120_000,
  /** Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle sockets first. */
  keepAliveTimeout: 65_000,
  connectionsCheckingInterval: 1_000,
  /** Node's default; named here so it is a decision. */
  maxHeaderSize: 16 * 1024,
};

export function serverOptions(limits: Partial<HttpLimits> = {}): http.ServerOptions {
  const merged = { ...HTTP_LIMITS, ...limits };
  return {
    headersTimeout: merged.headersTimeout,
    requestTimeout: merged.requestTimeout,
    keepAliveTimeout: merged.keepAliveTimeout,
    connectionsCheckingInterval: merged.connectionsCheckingInterval,
    maxHeaderSize: merged.maxHeaderSize,
  };
}

/**
 * Pages, the admin console and webhooks (everything but /api/v1, which enforces its own limit
 * while reading) refuse a declared body over the limit before Next reads a byte. A chunked body
 * without Content-Length is bounded by requestTimeout here and by the proxy's
 * client_max_body_size (deploy/nginx.conf).
 */
export function refuseOversizedBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!(declared > limit)) return false;
  // Read and discard the body rather than close the socket under a client still sending it: a
  // proxy (nginx) would report the reset as a 502 instead of passing this 413 on.
  req.resume();
  res.writeHead(413, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: `The request body is larger than the ${limit}-byte limit.` }));
  return true;
}
