import type http from "node:http";

/** After the deadline cut the last streams, how long their handlers get to meter what they sent. */
const SETTLE_MS = 2_000;

/**
 * Graceful stop: refuse new connections, let in-flight requests and streams finish (up to a
 * deadline), then cut what remains. Idle keep-alive sockets are closed at once so clients
 * reconnect to another instance instead of waiting.
 *
 * A response closing is not the end of its handler: a stream cut at the deadline is metered
 * afterwards (its relay notices the abort, then records the tokens sent so far). So handlers are
 * tracked too, and drain() waits for them to settle before the caller flushes usage.
 */
export function trackConnections(server: http.Server) {
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  const handlers = new Set<Promise<unknown>>();
  server.on("request", (_req, res: http.ServerResponse) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => inFlight,
    /** Remember a request handler's promise until it settles. */
    track(handler: Promise<unknown>): void {
      const settled = handler.then(
        () => {},
        () => {},
      );
      handlers.add(settled);
      void settled.then(() => handlers.delete(settled));
    },
    async drain(timeoutMs: number): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Once we are stopping, every response tells its client to reconnect elsewhere.
      server.on("request", (_req, res: http.ServerResponse) =>
        res.setHeader("Connection", "close"),
      );
      const idle =
        inFlight === 0
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              onIdle = resolve;
            });
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([idle, deadline]);
      server.closeAllConnections();
      await Promise.race([closed, deadline]);
      const settleBy = new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS).unref());
      await Promise.race([Promise.all(handlers), settleBy]);
    },
  };
}
