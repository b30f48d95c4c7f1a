import type { IncomingMessage, ServerResponse } from "node:http";

/** The web process's answer to any spelling of /api/v1: the gateway process serves those. */
export const NOT_SERVED_HERE = {
  error: {
    message: "Invalid URL: the API is not served on this path.",
    type: "invalid_request_error",
    param: null,
    code: "unknown_url",
  },
};

export function refuseApiV1(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify(NOT_SERVED_HERE));
}
