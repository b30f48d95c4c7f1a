import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spillDirectory } from "@/lib/gateway/metering/spill";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "@/lib/gateway/test-support/database";
import { nodeMount } from "@/lib/gateway/test-support/mounts";
import { buildServices, pool } from "@/lib/services";
import { runtimeGateway, startGateway, stopGateway } from "@/lib/services/gateway";

let testEnv: GatewayTestEnv;
let mount: Awaited<ReturnType<typeof nodeMount>>;

beforeAll(async () => {
  // A long flush interval: events stay queued until stopGateway drains them.
  testEnv = await setUpGatewayEnv({
    DARWAZA_USAGE_FLUSH_MS: "60000",
    DARWAZA_SHUTDOWN_TIMEOUT_MS: "500",
  });
  mount = await nodeMount();
});

afterAll(async () => {
  await mount.close();
  await stopGateway();
  await testEnv.teardown();
});

async function countEvents(accountId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>(
    "SELECT count(*) AS n FROM usage_events WHERE account_id = $1",
    [accountId],
  );
  return Number(rows[0].n);
}

function chat(key: string): Promise<Response> {
  return mount.fetch("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-chat", messages: [{ role: "user", content: "hi" }] }),
  });
}

describe("gateway runtime", () => {
  it("start and stop are idempotent, and the handler starts the gateway lazily", async () => {
    await stopGateway();
    await stopGateway();
    await startGateway();
    const first = runtimeGateway();
    await startGateway();
    expect(runtimeGateway()).toBe(first);
    await Promise.all([stopGateway(), stopGateway()]);
    const { key } = await createAccountWithKey("pro");
    expect((await chat(key)).status).toBe(200);
    expect(runtimeGateway()).not.toBe(first);
  });

  it("stopGateway writes every queued usage event: no 200 without its event", async () => {
    const { key, accountId } = await createAccountWithKey("enterprise");
    const responses = await Promise.all(Array.from({ length: 300 }, () => chat(key)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(runtimeGateway().meter.pending).toBeGreaterThanOrEqual(300);
    await stopGateway();
    expect(await countEvents(accountId)).toBe(300);
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    const { rows } = await pool().query<{ id: string }>(
      "SELECT id FROM usage_events WHERE id = ANY($1)",
      [ids],
    );
    expect(rows).toHaveLength(300);
  });

  it("saves the queue to disk when Postgres is down at shutdown, and writes it at the next start", async () => {
    const { key, accountId } = await createAccountWithKey("enterprise");
    for (let i = 0; i < 5; i++) expect((await chat(key)).status).toBe(200);
    const gateway = runtimeGateway();
    // Postgres "goes down" for the drain: no connection can be had, so every batch write fails
    // until the deadline.
    const broken = pool();
    const realConnect = broken.connect.bind(broken);
    // pg's own pool.query() connects with a callback, the usage writer with a promise.
    broken.connect = ((callback?: (error: Error) => void) => {
      const refused = new Error("connection refused");
      if (!callback) return Promise.reject(refused);
      setImmediate(() => callback(refused));
    }) as unknown as typeof broken.connect;
    await stopGateway();
    broken.connect = realConnect;
    expect(gateway.meter.pending).toBe(0);
    expect(readdirSync(spillDirectory(testEnv.dataDir))).toHaveLength(1);
    expect(await countEvents(accountId)).toBe(0);

    await startGateway();
    for (let i = 0; i < 50 && (await countEvents(accountId)) < 5; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await countEvents(accountId)).toBe(5);
    expect(readdirSync(spillDirectory(testEnv.dataDir))).toHaveLength(0);
  });
});

describe("in npm start's web process", () => {
  it("never creates a gateway (the gateway process owns the limits)", async () => {
    // Its root builds services with a link to the gateway process instead of a gateway.
    const web = buildServices({
      databaseUrl: testEnv.databaseUrl,
      control: { invalidate: () => {}, routingStatus: async () => [] },
    });
    try {
      expect(() => web.gateway()).toThrow(/never runs a gateway/);
    } finally {
      await web.close();
    }
  });
});
