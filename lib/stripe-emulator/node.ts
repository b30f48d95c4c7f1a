import type { IncomingMessage, ServerResponse } from "node:http";
import type { StripeEmulator } from "./emulator";

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/**
 * Answers one node:http request with the emulator `emulator()` gives (built lazily by the caller,
 * so a failure to build it is a 500 too); a body over 1 MiB is a 413.
 */
export async function serveNodeRequest(
  emulator: () => StripeEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { type: "invalid_request_error", message: "Request body too large." },
        }),
      );
      return;
    }
    const response = await emulator().handle({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: headerRecord(req),
      body,
    });
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  } catch (error) {
    console.error("Stripe emulator: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { type: "api_error", message: "The emulator failed." } }));
  }
}
