import http from "node:http";
import { env } from "@/lib/config/env";
import { KeyHashes } from "@/lib/gateway/auth/key-hashes";
import { rateLimitHeaders } from "@/lib/gateway/limits/headers";
import { UsageMeter } from "@/lib/gateway/metering/meter";
import { batchWriter } from "@/lib/gateway/metering/writer";
import { newRequestId } from "@/lib/gateway/request-id";
import { pool } from "@/lib/services";

/**
 * The least a metered gateway can do, as a reference point for `npm run bench`: read the body,
 * hash the key (with the gateway's memo of HMACs, lib/gateway/auth/key-hashes.ts) and find it in
 * a Map, parse the JSON, answer the demo reply (BARE_BODY) with the rate-limit headers, and queue
 * the usage event for the real batch writer. No routing, limits, validation, pricing or error
 * handling: what this reaches bounds what any gateway doing the job can reach on the same machine.
 * BENCH_METERING=off leaves the usage events out (nothing queued, nothing written): the same server
 * without its Postgres writes, so the bench can show what metering costs on its own.
 */
const stored = await pool().query<{ id: string; account_id: string; hash: string }>(
  "SELECT id, account_id, hash FROM api_keys WHERE revoked_at IS NULL",
);
const keys = new Map(stored.rows.map((row) => [row.hash, row]));
const reply = process.env.BARE_BODY ?? "{}";
const hashes = new KeyHashes();
const metering = process.env.BENCH_METERING !== "off";
const meter = new UsageMeter(batchWriter(pool, env().DARWAZA_TIMEZONE), { flushMs: 100 });
if (metering) meter.start();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const startedAt = Date.now();
    const key = keys.get(hashes.of((req.headers.authorization ?? "").slice(7)) ?? "");
    if (!key) {
      res.writeHead(401).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string };
    const id = newRequestId(startedAt);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(reply)),
      "x-request-id": id,
    };
    rateLimitHeaders([], startedAt, headers);
    res.writeHead(200, headers).end(reply);
    if (!metering) return;
    meter.record({
      id,
      accountId: key.account_id,
      keyId: key.id,
      endpoint: "chat.completions",
      model: body.model,
      upstream: "demo",
      status: 200,
      tokensIn: 12,
      tokensOut: 16,
      latencyMs: Date.now() - startedAt,
      cached: false,
      estimated: false,
      billed: true,
      errorCode: null,
      costPaisa: 1,
      createdAt: startedAt,
    });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void meter.drain(10_000).then(() => process.exit(0));
});
