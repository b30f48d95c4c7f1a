import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function isGatewayPath(url: string | undefined): boolean {
  return (
    url !== undefined &&
    (url === "/api/v1" || url.startsWith("/api/v1/") || url.startsWith("/api/v1?"))
  );
}

/** `npm start`'s one port: /api/v1 to the gateway in this process, the rest to the web process. */
export function frontDoor(gateway: Handler, web: Handler): Handler {
  return (req, res) => {
    if (isGatewayPath(req.url)) gateway(req, res);
    else web(req, res);
  };
}
