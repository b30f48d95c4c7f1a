import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  signature: string;
  body: string;
  type: string;
}

/** A tiny endpoint that records the webhooks it gets; `failNext` answers 500 to that many first. */
export async function startWebhookCollector() {
  const received: ReceivedWebhook[] = [];
  const state = { failNext: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (state.failNext > 0) {
        state.failNext -= 1;
        res.writeHead(500).end();
        return;
      }
      const parsed: unknown = JSON.parse(body);
      const type =
        typeof parsed === "object" && parsed !== null && "type" in parsed
          ? String(parsed.type)
          : "";
      received.push({ signature: String(req.headers["stripe-signature"] ?? ""), body, type });
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    state,
    types: () => received.map((entry) => entry.type),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
