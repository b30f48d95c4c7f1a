import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseOversizedBody, serverOptions } from "./http-limits";

/**
 * Slowloris and slow-body clients against a node:http server built with the options `npm start`
 * uses — with the timeouts scaled down so the test takes seconds (the real ones are 15 s for
 * headers, 120 s for a request; scale/security.test.ts checks them on a started instance).
 */
const HEADERS_MS = 800;
const REQUEST_MS = 1_500;

function slowSocket(
  port: number,
  payload: string,
  everyMs: number,
): Promise<{ closedAfter: number; reply: string }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < payload.length) socket.write(payload[sent++]);
    }, everyMs);
    socket.on("data", (chunk) => {
      reply += chunk.toString();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ closedAfter: Date.now() - started, reply });
    });
  });
}

describe("slow clients", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer(
      serverOptions({
        headersTimeout: HEADERS_MS,
        requestTimeout: REQUEST_MS,
        connectionsCheckingInterval: 100,
      }),
      (req, res) => {
        if (refuseOversizedBody(req, res, 1024)) return;
        req.resume();
        req.on("end", () => res.end("ok"));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("cuts 200 slowloris connections at the headers timeout while others are served", async () => {
    const slow = Array.from({ length: 200 }, () =>
      slowSocket(
        port,
        "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
        50,
      ),
    );
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect(await answer.text()).toBe("ok");
    const results = await Promise.all(slow);
    for (const { closedAfter, reply } of results) {
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      expect(closedAfter).toBeGreaterThanOrEqual(HEADERS_MS - 50);
      expect(closedAfter).toBeLessThan(HEADERS_MS + 600);
    }
  });

  it("cuts a body that trickles in at the request timeout", async () => {
    const head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n";
    const { closedAfter, reply } = await slowSocket(port, `${head}${"x".repeat(500)}`, 10);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfter).toBeLessThan(REQUEST_MS + 600);
  });

  it("refuses a declared body over the limit before reading it", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      body: "x".repeat(2048),
    });
    expect(response.status).toBe(413);
  });
});
