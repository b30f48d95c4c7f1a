import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { refuseOversizedBody, tooLarge } from "./http-limits";
import { PEER_HEADER } from "./web-ipc";

/** Headers about one connection, not the message: each hop sets its own (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
  PEER_HEADER,
]);

/**
 * Hand a request to the web process on `socketPath` and relay its answer as it streams (pages
 * render in chunks). The client's address goes along in PEER_HEADER, replacing any a client sent.
 * If the web process is away (restarting) the client gets a 502; if the client goes away, so does
 * the request to the web process. A body is counted as it passes: past `maxBodyBytes` (declared
 * or chunked) the web process gets no more of it and the client a 413.
 */
export function webProxy(socketPath: string, maxBodyBytes = Number.POSITIVE_INFINITY) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (refuseOversizedBody(req, res, maxBodyBytes)) return;
    const headers: http.OutgoingHttpHeaders = {};
    for (const name in req.headers) {
      if (!HOP_BY_HOP.has(name)) headers[name] = req.headers[name];
    }
    headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    const forward = http.request(
      { socketPath, agent, method: req.method, path: req.url, headers },
      (answer) => {
        const raw = answer.rawHeaders;
        const kept: string[] = [];
        for (let i = 0; i < raw.length; i += 2) {
          if (!HOP_BY_HOP.has(raw[i].toLowerCase())) kept.push(raw[i], raw[i + 1]);
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, kept);
        answer.pipe(res);
        answer.once("error", () => res.destroy());
      },
    );
    let cut = false;
    if (maxBodyBytes !== Number.POSITIVE_INFINITY) {
      let seen = 0;
      // Registered before pipe's own listener, so the chunk past the limit never reaches Next.
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen <= maxBodyBytes || cut) return;
        cut = true;
        req.unpipe(forward);
        forward.destroy();
        if (res.headersSent) res.destroy();
        else tooLarge(req, res, maxBodyBytes);
      });
    }
    forward.once("error", () => {
      if (cut) return;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({
        error: {
          message: "The web app is restarting; try again in a moment.",
          type: "unavailable",
        },
      });
      res.writeHead(502, { "content-type": "application/json", "retry-after": "1" }).end(body);
    });
    res.once("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  };
}
