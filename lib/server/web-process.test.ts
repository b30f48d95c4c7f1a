import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directControl, type UpstreamStatus } from "@/lib/gateway/control";
import type { Gateway } from "@/lib/gateway/gateway";
import { nodeHandler } from "@/lib/gateway/http/node";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "@/lib/gateway/test-support/database";
import { testGateway } from "@/lib/gateway/test-support/gateway";
import {
  type ScriptedUpstream,
  scriptedUpstream,
} from "@/lib/gateway/test-support/scripted-upstream";
import { remoteUpstream } from "@/lib/gateway/test-support/upstream-config";
import { frontDoor } from "./front-door";
import { WebProcess } from "./web-process";
import { webProxy } from "./web-proxy";

/**
 * `npm start`'s two processes as server/main.ts composes them — the gateway here, a web process
 * forked beside it (a fixture standing in for Next, lib/server/test-support/web-fixture.ts) —
 * with real keys in a real database.
 */
let testEnv: GatewayTestEnv;
let gateway: Gateway;
let web: WebProcess;
let server: http.Server;
let base: string;
let upstream: ScriptedUpstream;
const logged: string[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  // The poller would also evict a revoked key (within its interval): here it never runs again
  // after its first poll, so only the web process's message can.
  upstream = await scriptedUpstream("remote");
  gateway = testGateway({
    pollIntervalMs: 3_600_000,
    upstreams: [remoteUpstream("remote", upstream.url, { "remote-chat": "their-model" })],
  });
  web = new WebProcess({
    script: path.join(import.meta.dirname, "test-support", "web-fixture.ts"),
    execArgv: ["--import", "tsx"],
    control: directControl(() => gateway),
    env: { DATABASE_URL: testEnv.databaseUrl },
    log: (line) => logged.push(line),
  });
  await web.start();
  server = http.createServer(
    frontDoor(
      nodeHandler(() => gateway),
      webProxy(web.socketPath),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  await web?.stop(5_000);
  await gateway?.stop();
  await upstream?.close();
  await testEnv.teardown();
});

function chat(key: string, model = "remote-chat"): Promise<Response> {
  return fetch(`${base}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("the gateway process and its web process", () => {
  it("a key revoked in the web process is refused by the gateway on the very next call", async () => {
    const account = await createAccountWithKey("enterprise");
    expect((await chat(account.key)).status).toBe(200);
    const revoked = await fetch(`${base}/revoke?id=${account.keyId}`, { method: "POST" });
    expect(await revoked.json()).toEqual({ revoked: true });
    const refused = await chat(account.key);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      "api_key_revoked",
    );
  });

  it("the routing status the web process shows is the gateway process's, with its traffic", async () => {
    const account = await createAccountWithKey("enterprise");
    const remote = async () => {
      const status = (await (await fetch(`${base}/status`)).json()) as UpstreamStatus[];
      return status.find((row) => row.id === "remote");
    };
    const before = (await remote())?.calls ?? 0;
    for (let i = 0; i < 3; i++) expect((await chat(account.key)).status).toBe(200);
    // The web process serves no API call: only the gateway process's breakers counted these.
    expect(await remote()).toMatchObject({ calls: before + 3, status: "healthy" });
    expect((await remote())?.models).toEqual(["remote-chat → their-model"]);
  });

  it("proxies bodies and headers: its own hop-by-hop headers, every Set-Cookie, the real peer", async () => {
    const response = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "x-darwaza-peer": "6.6.6.6", "content-type": "text/plain" },
      body: "héllo",
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    // The web process's keep-alive is its own business; the client hears this server's.
    expect(response.headers.get("keep-alive")).not.toBe("timeout=1");
    const echoed = (await response.json()) as Record<string, string | null>;
    expect(echoed.method).toBe("POST");
    expect(echoed.body).toBe("héllo");
    // What the client claimed is replaced by the address this server saw.
    expect(echoed.peer).toBe("127.0.0.1");
    expect(echoed.connection).not.toBe("close");
  });

  it("streams: the first chunk reaches the client before the web process ends the response", async () => {
    const response = await fetch(`${base}/stream`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first\n");
    expect((await fetch(`${base}/stream-release`)).status).toBe(204);
    let rest = "";
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      rest += new TextDecoder().decode(next.value);
    }
    expect(rest).toBe("last\n");
  });

  it("a web process that dies is replaced; API calls never notice; meanwhile pages get a JSON 502", async () => {
    const account = await createAccountWithKey("enterprise");
    const before = (await (await fetch(`${base}/echo`, { method: "POST" })).json()) as {
      pid: number;
    };
    process.kill(before.pid, "SIGKILL");
    const during = await fetch(`${base}/echo`, { method: "POST" });
    expect(during.status).toBe(502);
    expect(((await during.json()) as { error: { type: string } }).error.type).toBe("unavailable");
    expect((await chat(account.key)).status).toBe(200);
    let after: Response | null = null;
    for (let tries = 0; tries < 100 && after?.status !== 201; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await fetch(`${base}/echo`, { method: "POST" });
    }
    expect(after?.status).toBe(201);
    const pid = ((await (after as Response).json()) as { pid: number }).pid;
    expect(pid).not.toBe(before.pid);
    expect(logged.join("\n")).toContain("the web process died");
  });
});
