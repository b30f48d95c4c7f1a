import http, { type IncomingMessage, type ServerResponse } from "node:http";
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
 * the request to the web process.
 */
export function webProxy(socketPath: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (req: IncomingMessage, res: ServerResponse): void => {
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
    forward.once("error", () => {
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
