import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  TEST_SECRET,
} from "@/lib/gateway/test-support/database";
import { type NpmStart, npmStart, rawRequest } from "./test-support/npm-start";

/**
 * Bodies against the real `npm start`: a chunked upload without Content-Length is cut at the
 * byte limit as it streams (413, memory flat), and a deeply nested body is a 4xx everywhere.
 */
let testEnv: GatewayTestEnv;
let server: NpmStart;
const ADMIN_TOKEN = "test-admin-token-0123456789-abcdefghijkl";

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  server = await npmStart({
    DATABASE_URL: testEnv.databaseUrl,
    DARWAZA_SECRET: TEST_SECRET,
    DARWAZA_DATA_DIR: testEnv.dataDir,
    DARWAZA_ADMIN_TOKEN: ADMIN_TOKEN,
    REDIS_URL: "",
  });
}, 120_000);

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
  await testEnv?.teardown();
});

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return Number(line?.[1] ?? 0);
}

/** The gateway process and the web process it forked. */
function serverPids(): number[] {
  const gateway = server.pid;
  const children = readFileSync(`/proc/${gateway}/task/${gateway}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [gateway, ...children];
}

/** Stream `total` bytes in 64 KiB chunks (never allocated whole) until the answer comes. */
function chunkedUpload(path: string, total: number) {
  return new Promise<{ status: number; body: string; sent: number; ms: number }>((resolve) => {
    const started = Date.now();
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const req = http.request({
      host: "127.0.0.1",
      port: server.port,
      method: "POST",
      path,
      headers: {
        "content-type": "application/json",
        "stripe-signature": "t=1,v1=00",
        authorization: path === "/api/admin/keys" ? `Bearer ${ADMIN_TOKEN}` : "Bearer sk_test_x",
      },
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (part: Buffer) => {
        body += part;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body, sent, ms: Date.now() - started }),
      );
      res.on("error", () =>
        resolve({ status: res.statusCode ?? 0, body, sent, ms: Date.now() - started }),
      );
    });
    req.on("error", () => {
      if (!answered) resolve({ status: 0, body: "", sent, ms: Date.now() - started });
    });
    pump();
  });
}

describe("bodies through npm start", () => {
  it.each(["/api/stripe/webhook", "/v1/customers", "/api/admin/keys"])(
    "cuts a chunked 400 MiB upload to %s at the limit: 413 at once, memory flat",
    async (path) => {
      const before = serverPids().map(rssKiB);
      const answer = await chunkedUpload(path, 400 * 1024 * 1024);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error).toMatch(/limit/);
      expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
      expect(answer.ms).toBeLessThan(5_000);
      const after = serverPids().map(rssKiB);
      for (let i = 0; i < after.length; i++) expect(after[i] - before[i]).toBeLessThan(24 * 1024);
    },
  );

  const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const hi = '[{"role":"user","content":"hi"}]';

  it.each([
    ["an array 400,000 deep", `{"model":"demo-chat","messages":${deepArray(400_000)}}`],
    ["an object 150,000 deep", `{"model":"demo-chat","messages":${hi},"x":${deepObject(150_000)}}`],
    [
      "a tool schema 150,000 deep",
      `{"model":"demo-chat","messages":${hi},"tools":[{"type":"function","function":{"name":"f","parameters":${deepObject(150_000)}}}]}`,
    ],
  ])("answers a JSON body with %s with a 4xx on every route", async (_what, body) => {
    const { key } = await createAccountWithKey("pro");
    const targets: [string, Record<string, string>][] = [
      ["/api/v1/chat/completions", { authorization: `Bearer ${key}` }],
      ["/api/v1/embeddings", { authorization: `Bearer ${key}` }],
      ["/api/admin/keys", { authorization: `Bearer ${ADMIN_TOKEN}` }],
      ["/api/stripe/webhook", { "stripe-signature": "t=1,v1=00" }],
    ];
    for (const [path, headers] of targets) {
      const answer = await rawRequest(
        server.port,
        "POST",
        path,
        { ...headers, "content-type": "application/json" },
        body,
      );
      const what = `${path}: ${answer.body.slice(0, 200)}`;
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      expect(() => JSON.parse(answer.body), path).not.toThrow();
    }
  });

  it("answers a deeply nested form body to the Stripe emulator with a 4xx", async () => {
    const key = `metadata${"[a]".repeat(200_000)}`;
    const apiKey = readFileSync(`${testEnv.dataDir}/stripe-emulator/api-key`, "utf8").trim();
    const answer = await rawRequest(
      server.port,
      "POST",
      "/v1/customers",
      {
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      `${key}=1`,
    );
    expect(answer.status, answer.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.parse(answer.body).error.type).toBe("invalid_request_error");
  });
});
