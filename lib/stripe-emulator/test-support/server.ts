import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { StripeEmulator, type StripeEmulatorOptions } from "../emulator";

export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  body: string;
}

export interface EmulatorServer {
  url: string;
  apiKey: string;
  webhookSecret: string;
  emulator: StripeEmulator;
  /** Every API answer, as sent on the wire, newest last. */
  responses: RecordedResponse[];
  /** A real stripe-node client pointed at this emulator. */
  stripe: Stripe;
  close(): Promise<void>;
}

/**
 * An emulator on its own loopback port, for tests: memory-only state, fast webhook retries, and
 * a stripe-node client configured the way Darwaza configures it (host/port/protocol).
 */
export async function startEmulatorServer(
  options: Partial<Pick<StripeEmulatorOptions, "webhookEndpoint" | "retryDelaysMs" | "clock">> & {
    apiKey?: string;
    webhookSecret?: string;
  } = {},
): Promise<EmulatorServer> {
  const apiKey = options.apiKey ?? `sk_test_emulator_${randomBytes(12).toString("hex")}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString("base64url")}`;
  let url = "";
  const responses: RecordedResponse[] = [];
  const emulator = new StripeEmulator({
    apiKey,
    webhookSecret: () => webhookSecret,
    webhookEndpoint: options.webhookEndpoint ?? (() => null),
    publicUrl: () => url,
    stateFile: null,
    retryDelaysMs: options.retryDelaysMs ?? [50, 100, 200],
    clock: options.clock,
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void emulator
        .handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: Object.fromEntries(
            Object.entries(req.headers).map(([key, value]) => [
              key,
              Array.isArray(value) ? value.join(", ") : value,
            ]),
          ),
          body: Buffer.concat(chunks).toString("utf8"),
        })
        .then((response) => {
          responses.push({
            method: req.method ?? "GET",
            url: req.url ?? "/",
            status: response.status,
            body: response.body,
          });
          res.writeHead(response.status, response.headers);
          res.end(response.body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  const stripe = new Stripe(apiKey, {
    host: "127.0.0.1",
    port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return {
    url,
    apiKey,
    webhookSecret,
    emulator,
    responses,
    stripe,
    close: async () => {
      emulator.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
