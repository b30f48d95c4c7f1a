import http from "node:http";
import { revokeApiKey } from "@/lib/keys/revoke";
import { announceWebReady, gatewayLink } from "@/lib/server/gateway-link";
import { type GatewayMessage, isMessage, PEER_HEADER, WEB_SOCKET_ENV } from "@/lib/server/web-ipc";
import { buildServices, provideServices, services } from "@/lib/services";

/**
 * A web process for web-process.test.ts: what server/web.ts does with Next, on a few routes that
 * exercise the real link to the gateway process (a revoke through lib/keys/revoke, the routing
 * status page's query) and the proxy in front of it (headers, streaming, bodies).
 */
provideServices(buildServices({ control: gatewayLink() }));
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://web");
  if (url.pathname === "/revoke") {
    await revokeApiKey({ id: url.searchParams.get("id") ?? "" });
    res.writeHead(200, { "content-type": "application/json" }).end('{"revoked":true}');
  } else if (url.pathname === "/status") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(await services().control.routingStatus()));
  } else if (url.pathname === "/echo") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"]);
    res.setHeader("keep-alive", "timeout=1");
    res.writeHead(201, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        method: req.method,
        body: Buffer.concat(chunks).toString("utf8"),
        peer: req.headers[PEER_HEADER] ?? null,
        connection: req.headers.connection ?? null,
        pid: process.pid,
      }),
    );
  } else if (url.pathname === "/stream") {
    // One chunk now, the rest when the client says it saw the first (GET /stream-release).
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("first\n");
    release = () => res.end("last\n");
  } else if (url.pathname === "/stream-release") {
    release?.();
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end();
  }
});
let release: (() => void) | undefined;
server.listen(process.env[WEB_SOCKET_ENV], () => announceWebReady());
process.on("message", (message: unknown) => {
  if (isMessage<GatewayMessage>(message) && message.type === "darwaza:web-stop") {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
