import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type CreatedKey } from "./support/cluster";
import { chat, request } from "./support/http";

/** A client that sends its request headers one byte every `everyMs`, and never finishes. */
function slowloris(port: number, everyMs: number): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host: "127.0.0.1", port });
    const timer = setInterval(() => socket.write("X"), everyMs);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve(Date.now() - started);
    });
  });
}

describe("security at the edge of a started instance", () => {
  let cluster: Cluster;
  let key: CreatedKey;
  beforeAll(async () => {
    cluster = await Cluster.start({ instances: 2 });
    key = await cluster.createKey("pro");
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("pages and API answers carry CSP, frame-ancestors 'none' and nosniff; HSTS only over HTTPS", async () => {
    const page = await request(`${cluster.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["strict-transport-security"]).toBeUndefined();
    const api = await chat(cluster.url, key.key);
    expect(api.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    expect(api.headers["x-content-type-options"]).toBe("nosniff");

    const https = { "x-forwarded-proto": "https" };
    const securePage = await request(`${cluster.instanceUrl(0)}/`, { headers: https });
    expect(securePage.headers["strict-transport-security"]).toMatch(/^max-age=/);
    const secureApi = await request(`${cluster.instanceUrl(0)}/api/v1/models`, {
      headers: { ...https, authorization: `Bearer ${key.key}` },
    });
    expect(secureApi.status).toBe(200);
    expect(secureApi.headers["strict-transport-security"]).toMatch(/^max-age=/);
  });

  it("refuses oversized bodies: the app past 1 MiB, nginx past 2 MiB", async () => {
    const big = Buffer.alloc(1_500_000, 0x7b);
    const webhook = await request(`${cluster.url}/api/stripe/webhook`, {
      method: "POST",
      body: big,
    });
    expect(webhook.status).toBe(413);
    const api = await request(`${cluster.url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: big,
    });
    expect(api.status).toBe(413);
    const huge = await request(`${cluster.url}/api/v1/chat/completions`, {
      method: "POST",
      body: Buffer.alloc(3_000_000),
    });
    expect(huge.status).toBe(413);
  });

  it("cuts 300 slowloris connections after the 15 s headers timeout while serving everyone else", async () => {
    const slow = Array.from({ length: 300 }, () => slowloris(cluster.instances[0].port, 1_000));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const meanwhile = await Promise.all(
      Array.from({ length: 20 }, () => chat(cluster.instanceUrl(0), key.key)),
    );
    expect(meanwhile.every((reply) => reply.status === 200)).toBe(true);
    const lifetimes = await Promise.all(slow);
    console.log(
      `slowloris sockets closed after ${Math.min(...lifetimes)}–${Math.max(...lifetimes)} ms`,
    );
    // 15 s, checked every second, then 300 sockets closed by one busy process on a 2-core machine
    // that also runs nginx, two instances (each a gateway and a web process) and this test:
    // 16.0–17.1 s and 17.0–18.1 s in two runs. Without the timeout they would live for ever.
    expect(Math.max(...lifetimes)).toBeLessThan(19_500);
  }, 60_000);
});
