import type { IncomingMessage, ServerResponse } from "node:http";
import { billingConfig } from "../config";
import { StripeEmulator } from "./emulator";
import { emulatorApiKey, emulatorStateFile, emulatorWebhookSecret } from "./local-secrets";

const MAX_BODY_BYTES = 1024 * 1024;
const KEY = Symbol.for("darwaza.billing.emulator");
type Holder = { [KEY]?: StripeEmulator };

/**
 * The test-mode emulator of `npm start`: one per process, state in
 * DARWAZA_DATA_DIR/stripe-emulator/state.json (one instance per data directory), webhooks POSTed
 * to this server's /api/stripe/webhook.
 */
export function localEmulator(): StripeEmulator {
  const holder = globalThis as Holder;
  if (holder[KEY]) return holder[KEY];
  const emulator = new StripeEmulator({
    apiKey: emulatorApiKey(),
    webhookSecret: emulatorWebhookSecret,
    webhookEndpoint: () => `${billingConfig().emulatorUrl}/api/stripe/webhook`,
    publicUrl: () => {
      const config = billingConfig();
      return config.publicUrl ?? config.emulatorUrl.replace("//127.0.0.1:", "//localhost:");
    },
    stateFile: emulatorStateFile(),
  });
  holder[KEY] = emulator;
  return emulator;
}

/** True for /v1/* and /_emulator/stripe/* while billing runs in test mode; never with real keys. */
export function emulatorHandles(url: string): boolean {
  if (billingConfig().mode !== "emulator") return false;
  const pathname = url.split("?")[0] ?? "";
  return StripeEmulator.handles(pathname);
}

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

export async function handleEmulatorRequest(
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
    const response = await localEmulator().handle({
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

export function stopEmulator(): void {
  const holder = globalThis as Holder;
  holder[KEY]?.stop();
}
