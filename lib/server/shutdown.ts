import type http from "node:http";

/**
 * Graceful stop: refuse new connections, let in-flight requests and streams finish (up to a
 * deadline), then cut what remains. Idle keep-alive sockets are closed at once so clients
 * reconnect to another instance instead of waiting.
 */
export function trackConnections(server: http.Server) {
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  server.on("request", (_req, res: http.ServerResponse) => {
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
  });

  return {
    inFlight: () => inFlight,
    async drain(timeoutMs: number): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Once we are stopping, every response tells its client to reconnect elsewhere.
      server.on("request", (_req, res: http.ServerResponse) => res.setHeader("Connection", "close"));
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
    },
  };
}
