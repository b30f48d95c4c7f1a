import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/keys/create";
import { revokeApiKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import {
  checkKeySettings,
  InvalidKeySettingsError,
  type KeySettings,
  NO_KEY_SETTINGS,
} from "@/lib/keys/settings";
import type { PlanId } from "@/lib/plans/plans";
import { db } from "@/lib/services";
import { stopGateway } from "@/lib/services/gateway";
import type { Gateway } from "../gateway";
import { type GatewayTestEnv, setUpGatewayEnv } from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { nodeMount } from "../test-support/mounts";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import type { RunningServer } from "../test-support/servers";

/**
 * Key lifecycle at the gateway, over HTTP against real PostgreSQL (and Redis): rolled secrets,
 * scopes, IP allowlists, a key's own limits, last used at and from where.
 */
const hasRedis = await redisForTests();
let testEnv: GatewayTestEnv;
const gateways: Gateway[] = [];
const servers: RunningServer[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});

afterAll(async () => {
  for (const close of closers) await close();
  await stopGateway();
  for (const server of servers) await server.close();
  for (const gateway of gateways) await gateway.stop();
  await testEnv.teardown();
});

async function instance(redis = false): Promise<{ url: string; gateway: Gateway }> {
  const gateway = testGateway({ redisUrl: redis ? TEST_REDIS_URL : null });
  gateways.push(gateway);
  const server = await serveGateway(gateway);
  servers.push(server);
  return { url: server.url, gateway };
}

let counter = 0;
async function keyWith(
  plan: PlanId,
  settings: Partial<KeySettings> = {},
  expiresAt: Date | null = null,
): Promise<{ key: string; id: string; accountId: string }> {
  counter++;
  const account = await db().account.create({ data: { name: `lifecycle ${counter}`, plan } });
  const created = await createApiKey({
    accountId: account.id,
    label: `lifecycle key ${counter}`,
    expiresAt,
    settings: { ...NO_KEY_SETTINGS, ...settings },
  });
  return { key: created.key, id: created.id, accountId: account.id };
}

function chat(
  url: string,
  key: string,
  options: { model?: string; forwardedFor?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    "content-type": "application/json",
  };
  if (options.forwardedFor) headers["x-forwarded-for"] = options.forwardedFor;
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      model: options.model ?? "demo-chat",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
    }),
  });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()).error;
}

async function until(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await check()) return Date.now() - started;
    await sleep(25);
  }
  throw new Error(`condition not met within ${limitMs} ms`);
}

describe("rolling a key", () => {
  it("keeps the id; both secrets work during the overlap, then only the new one, from the cache too", async () => {
    const { url } = await instance();
    const { key: old, id } = await keyWith("pro");
    expect((await chat(url, old)).status).toBe(200);
    const rolled = await rollKey({ id, overlapMs: 1_500 });
    expect(rolled?.id).toBe(id);
    const fresh = rolled?.key ?? "";
    expect(fresh).not.toBe(old);
    expect((await chat(url, old)).status).toBe(200);
    expect((await chat(url, fresh)).status).toBe(200);
    // Both records are cached now; nothing invalidates them when the overlap ends.
    await sleep(1_600);
    const refused = await chat(url, old);
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe("invalid_api_key");
    expect((await chat(url, fresh)).status).toBe(200);
    // Same key: every call counted under one id.
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.label).toMatch(/^lifecycle key/);
    expect(row.last4).toBe(fresh.slice(-4));
  });

  it("with no overlap the old secret stops at once, and another instance drops it within a second", async () => {
    // a: this process's gateway, told at once (GatewayControl); b: another instance (the poller).
    const a = await nodeMount();
    closers.push(() => a.close());
    const b = await instance();
    const { key: old, id } = await keyWith("pro");
    expect((await chat(a.url, old)).status).toBe(200);
    expect((await chat(b.url, old)).status).toBe(200);
    // b's cache also holds the new secret's hash as unknown: a guess before the roll.
    const rolled = await rollKey({ id, overlapMs: 0 });
    const fresh = rolled?.key ?? "";
    expect((await chat(a.url, old)).status).toBe(401);
    expect((await chat(a.url, fresh)).status).toBe(200);
    const took = await until(async () => (await chat(b.url, old)).status === 401, 1_500);
    expect(took).toBeLessThan(1_000);
    expect((await chat(b.url, fresh)).status).toBe(200);
  });

  it("revoking a key during its overlap refuses both secrets at once", async () => {
    const a = await nodeMount();
    closers.push(() => a.close());
    const { key: old, id } = await keyWith("pro");
    const fresh = (await rollKey({ id, overlapMs: 3_600_000 }))?.key ?? "";
    expect((await chat(a.url, old)).status).toBe(200);
    expect((await chat(a.url, fresh)).status).toBe(200);
    await revokeApiKey({ id });
    expect((await chat(a.url, old)).status).toBe(403);
    expect((await chat(a.url, fresh)).status).toBe(403);
  });

  it("a revoked or expired key cannot be rolled", async () => {
    const { id } = await keyWith("pro", {}, new Date(Date.now() - 1_000));
    expect(await rollKey({ id, overlapMs: 0 })).toBeNull();
  });

  it("an expired key is refused with 403 api_key_expired", async () => {
    const { url } = await instance();
    const { key } = await keyWith("pro", {}, new Date(Date.now() + 800));
    expect((await chat(url, key)).status).toBe(200);
    await sleep(900);
    const refused = await chat(url, key);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("api_key_expired");
  });
});

describe("scopes", () => {
  it("a model scope refuses other models with a 403 JSON error and hides them from /models", async () => {
    const { url } = await instance();
    const { key } = await keyWith("pro", { allowedModels: ["demo-chat-pro"] });
    const refused = await chat(url, key, { model: "demo-chat" });
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe("model_not_allowed_for_key");
    expect(error.message).toContain("demo-chat");
    const models = await fetch(`${url}/api/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const ids = (await models.json()).data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(["demo-chat-pro"]);
  });

  it("an endpoint scope refuses other endpoints", async () => {
    const { url } = await instance();
    const { key } = await keyWith("pro", { allowedEndpoints: ["embeddings"] });
    const refused = await chat(url, key);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("endpoint_not_allowed_for_key");
    const embedded = await fetch(`${url}/api/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "demo-embedding", input: "hi" }),
    });
    expect(embedded.status).toBe(200);
  });

  it("a read-only key may call GET /usage and /models only", async () => {
    const { url } = await instance();
    const { key } = await keyWith("pro", { readOnly: true });
    const auth = { authorization: `Bearer ${key}` };
    expect((await fetch(`${url}/api/v1/usage`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/models`, { headers: auth })).status).toBe(200);
    const refused = await chat(url, key);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("key_read_only");
  });
});

describe("IP allowlist", () => {
  it("refuses addresses outside it (IPv4 and IPv6), believing X-Forwarded-For only from trusted proxies", async () => {
    const { url } = await instance();
    const { key } = await keyWith("pro", { ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"] });
    // The test connects from loopback, outside the list.
    const refused = await chat(url, key);
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error.code).toBe("ip_not_allowed");
    // Loopback is a trusted proxy by default: the address it forwards is the client's.
    expect((await chat(url, key, { forwardedFor: "203.0.113.9" })).status).toBe(200);
    expect((await chat(url, key, { forwardedFor: "2001:db8::7" })).status).toBe(200);
    expect((await chat(url, key, { forwardedFor: "198.51.100.1" })).status).toBe(403);
    const loopback = await keyWith("pro", { ipAllowlist: ["127.0.0.0/8", "::1/128"] });
    expect((await chat(url, loopback.key)).status).toBe(200);
  });
});

describe("last used", () => {
  it("records when and from where, in a batch (no write per request)", async () => {
    const { url } = await instance();
    const { key, id } = await keyWith("pro");
    const before = Date.now();
    expect((await chat(url, key, { forwardedFor: "198.51.100.23" })).status).toBe(200);
    await until(async () => {
      const row = await db().apiKey.findUniqueOrThrow({ where: { id } });
      return row.lastUsedIp === "198.51.100.23" && (row.lastUsedAt?.getTime() ?? 0) >= before - 5;
    }, 7_000);
  }, 10_000);
});

describe("a key's own limits", () => {
  it("can only be set below the plan's", async () => {
    const account = await db().account.create({ data: { name: "ceiling", plan: "free" } });
    const free = { ...NO_KEY_SETTINGS, limitRpm: 11 };
    await expect(checkKeySettings(account.id, free)).rejects.toBeInstanceOf(
      InvalidKeySettingsError,
    );
    const ok = await checkKeySettings(account.id, { ...NO_KEY_SETTINGS, limitRpm: 3 });
    expect(ok.limitRpm).toBe(3);
  });

  async function fiftyConcurrent(urls: string[], rpm: number) {
    const { key } = await keyWith("pro", { limitRpm: rpm });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => chat(urls[i % urls.length], key)),
    );
    const limited = responses.filter((r) => r.status === 429);
    for (const r of limited) {
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      const error = await errorOf(r);
      expect(error.code).toBe("rate_limit_exceeded");
      expect(error.message).toContain("this API key");
    }
    return { ok: responses.filter((r) => r.status === 200).length, limited: limited.length };
  }

  it("in memory: exactly N of 50 concurrent calls are admitted", async () => {
    const { url } = await instance();
    expect(await fiftyConcurrent([url], 7)).toEqual({ ok: 7, limited: 43 });
  });

  it.runIf(hasRedis)(
    "two instances on one Redis: exactly N of 50 concurrent calls are admitted",
    async () => {
      const a = await instance(true);
      const b = await instance(true);
      expect(await fiftyConcurrent([a.url, b.url], 7)).toEqual({ ok: 7, limited: 43 });
    },
  );

  it.runIf(hasRedis)(
    "a key's tokens per day are reserved with the plan's, across instances",
    async () => {
      const a = await instance(true);
      const b = await instance(true);
      const { key } = await keyWith("pro", { limitTpd: 40 });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => chat(i % 2 ? a.url : b.url, key)),
      );
      const ok = responses.filter((r) => r.status === 200);
      let used = 0;
      for (const r of ok) used += (await r.json()).usage.total_tokens;
      expect(used).toBeLessThanOrEqual(40);
      const refused = responses.find((r) => r.status === 429);
      expect(refused && (await errorOf(refused)).code).toBe("insufficient_quota");
    },
  );
});
