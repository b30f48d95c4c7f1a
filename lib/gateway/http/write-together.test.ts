import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeNodeResponse } from "./node";
import { MAX_HELD, writeTogether } from "./write-together";

describe("writeTogether", () => {
  it("holds writes until the ready requests are handled, then runs them in order", async () => {
    const order: number[] = [];
    writeTogether(() => order.push(1));
    writeTogether(() => order.push(2));
    expect(order).toEqual([]);
    await nextTurn();
    expect(order).toEqual([1, 2]);
  });

  it("writes at once when MAX_HELD answers are waiting, so a burst does not hold the first", async () => {
    const order: number[] = [];
    for (let i = 1; i < MAX_HELD; i++) writeTogether(() => order.push(i));
    expect(order).toEqual([]);
    writeTogether(() => order.push(MAX_HELD));
    expect(order).toHaveLength(MAX_HELD);
    writeTogether(() => order.push(MAX_HELD + 1));
    await nextTurn();
    expect(order).toEqual(Array.from({ length: MAX_HELD + 1 }, (_, i) => i + 1));
  });
});

describe("writeNodeResponse, held with others", () => {
  let server: http.Server;
  let base: string;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // A header value Node refuses (a newline) must not keep the other answers back.
      const bad = req.url?.startsWith("/bad");
      // The mount's own headers, refused themselves on /bad-mount.
      const always = { "x-frame-options": req.url === "/bad-mount" ? "a\nb" : "DENY" };
      writeNodeResponse(
        res,
        {
          status: 200,
          headers: { "content-type": "application/json", "x-note": bad ? "a\nb" : "ok", ...always },
          body: JSON.stringify({ path: req.url }),
        },
        { signal },
        always,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers every request of a turn, a refused header with a JSON 500", async () => {
    const paths = ["/a", "/bad", "/b", "/c"];
    const responses = await Promise.all(paths.map((path) => fetch(base + path)));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status)).toEqual([200, 500, 200, 200]);
    expect(bodies[0]).toEqual({ path: "/a" });
    expect(bodies[2]).toEqual({ path: "/b" });
    expect(bodies[3]).toEqual({ path: "/c" });
    expect(responses[0].headers.get("x-note")).toBe("ok");
    expect(responses[1].headers.get("content-type")).toBe("application/json");
    expect(responses[1].headers.get("x-frame-options")).toBe("DENY");
    expect(bodies[1].error.type).toBeTruthy();
    expect(JSON.stringify(bodies[1])).not.toContain("at ");
  });

  it("answers a JSON 500 without the mount's headers when one of them is refused", async () => {
    const response = await fetch(`${base}/bad-mount`);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect((await response.json()).error.type).toBeTruthy();
  });

  it("answers requests pipelined on one connection in the order they were sent", async () => {
    const { port } = server.address() as AddressInfo;
    const socket = net.connect(port, "127.0.0.1");
    const paths = ["/first", "/second", "/third"];
    socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(""));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk;
    });
    await vi.waitFor(() => expect(received.match(/HTTP\/1\.1 200/g)).toHaveLength(3));
    socket.destroy();
    const order = [...received.matchAll(/\{"path":"([^"]+)"\}/g)].map((m) => m[1]);
    expect(order).toEqual(paths);
  });
});
