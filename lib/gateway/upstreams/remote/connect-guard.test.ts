import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customEndpoint } from "../../endpoints/custom";
import type { Gateway } from "../../gateway";
import { loadStoredUpstreams } from "../../store/upstreams";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../../test-support/database";
import { serveGateway, testGateway } from "../../test-support/gateway";
import { type ScriptedUpstream, scriptedUpstream } from "../../test-support/scripted-upstream";
import type { RunningServer } from "../../test-support/servers";
import { remoteUpstream } from "../../test-support/upstream-config";
import { publicOnlyLookup } from "./connect-guard";

/**
 * A console-saved upstream whose name passed the save-time check but resolves to loopback when
 * the gateway connects (DNS rebinding): "localhost" here, looked up for real at connect time.
 * The call must be refused with a 502 before any byte (or the upstream's credential) leaves.
 */
let testEnv: GatewayTestEnv;
let local: ScriptedUpstream;
let gateway: Gateway;
let server: RunningServer;
let account: TestKey;
let custom: Gateway["deps"]["custom"];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  local = await scriptedUpstream("local");
  const byName = local.url.replace("127.0.0.1", "localhost");
  const saved = {
    ...remoteUpstream("console", byName, { "console-chat": "their-model" }),
    apiKey: "sk-upstream-credential-never-to-leak",
    publicOnly: true,
  };
  const trusted = remoteUpstream("file", byName, { "file-chat": "their-model" });
  gateway = testGateway({ upstreams: [saved, trusted], routing: { pollMs: 3_600_000 } });
  await gateway.start();
  custom = new Map([
    [
      "/x/echo",
      customEndpoint({
        path: "echo",
        method: "POST",
        targetUrl: `${byName}/echo`,
        apiKey: "sk-endpoint-credential-never-to-leak",
        publicOnly: true,
        timeoutMs: 5_000,
        minPlan: "free",
        minRank: 0,
        pricePerRequestPaisa: 1,
        inputPer1k: 0,
        outputPer1k: 0,
      }),
    ],
  ]);
  server = await serveGateway(gateway);
  // The console's routing (custom endpoints) loads in the background; this one replaces it.
  await new Promise((resolve) => setTimeout(resolve, 300));
  gateway.deps.custom = custom;
  account = await createAccountWithKey("pro");
});

afterAll(async () => {
  await server?.close();
  await gateway?.stop();
  await local?.close();
  await testEnv.teardown();
});

function call(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const hi = [{ role: "user", content: "hi" }];

describe("the connect-time address check", () => {
  it.each([
    ["a chat completion (node:http)", "/chat/completions", { model: "console-chat", messages: hi }],
    [
      "a streamed chat completion (fetch)",
      "/chat/completions",
      { model: "console-chat", messages: hi, stream: true },
    ],
    ["a custom endpoint (fetch)", "/x/echo", { text: "hi" }],
  ])("refuses %s to a name that resolves to loopback", async (_what, path, body) => {
    const before = local.calls.length;
    const response = await call(path, body);
    expect(response.status).toBe(502);
    const { error } = await response.json();
    expect(error.code).toBe("upstream_address_refused");
    expect(error.message).toMatch(/private or loopback/);
    expect(local.calls.length).toBe(before);
  });

  it("still reaches an operator-configured local upstream (the upstreams file)", async () => {
    const response = await call("/chat/completions", { model: "file-chat", messages: hi });
    expect(response.status).toBe(200);
    expect(local.calls.at(-1)?.path).toBe("/v1/chat/completions");
    for (const seen of local.calls) expect(seen.auth ?? "").not.toMatch(/never-to-leak/);
  });

  it("checks every address a name resolves to, and passes public ones on", async () => {
    const lookup = publicOnlyLookup((_host, _options, callback) =>
      callback(null, [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ]),
    );
    const refused = await new Promise<unknown>((resolve) =>
      lookup("mixed.example", { all: true }, (error) => resolve(error)),
    );
    expect(String(refused)).toMatch(/10\.0\.0\.7/);
    const publicOnly = publicOnlyLookup((_host, _options, callback) =>
      callback(null, [{ address: "93.184.216.34", family: 4 }]),
    );
    const address = await new Promise<unknown>((resolve) =>
      publicOnly("public.example", {}, (_error, found) => resolve(found)),
    );
    expect(address).toBe("93.184.216.34");
  });

  it("console upstreams connect to public addresses only unless allowed a private host", async () => {
    const insert = `INSERT INTO upstreams (id, name, kind, base_url, models, allow_private_host, updated_at)
      VALUES ($1, $2, 'llm', $3, $4::jsonb, $5, now())`;
    const models = JSON.stringify([{ id: "m", upstreamModel: "m" }]);
    const { pool } = await import("@/lib/services");
    await pool().query(insert, ["u1", "public-by-name", "https://93.184.216.34/v1", models, false]);
    await pool().query(insert, ["u2", "allowed-local", "http://127.0.0.1:9/v1", models, true]);
    const loaded = await loadStoredUpstreams(pool, () => {});
    expect(Object.fromEntries(loaded.map((u) => [u.id, u.publicOnly]))).toEqual({
      "public-by-name": true,
      "allowed-local": false,
    });
  });
});
