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
 * while reading) refuse a declared body over the limit before Next reads a byte; a chunked one is
 * cut by the gateway process's proxy as it passes the limit (web-proxy.ts).
 */
export function refuseOversizedBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!(declared > limit)) return false;
  tooLarge(req, res, limit);
  return true;
}

/** How far past the limit an upload is read (and dropped) so its 413 arrives cleanly. */
const DRAIN_FACTOR = 4;

/**
 * Answer 413 and read the rest of the body into nothing rather than close the socket under a
 * client still sending it (a proxy such as nginx would report the reset as a 502 instead of
 * passing the 413 on); beyond DRAIN_FACTOR times the limit the connection is closed.
 */
export function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= limit * DRAIN_FACTOR || req.isPaused()) return;
    // Stop reading rather than reset at once: a reset can discard the 413 the client has not read yet.
    req.pause();
    setTimeout(() => req.socket.destroy(), 1_000).unref();
  });
  req.resume();
  res.writeHead(413, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: `The request body is larger than the ${limit}-byte limit.` }));
}
