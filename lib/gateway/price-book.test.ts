import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record";
import { type PriceVersionInput, priceVersionSchema } from "@/lib/pricing/schema";
import { addPriceVersion } from "@/lib/pricing/versions";
import { pool } from "@/lib/services";
import type { Gateway } from "./gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "./test-support/database";
import { serveGateway, testGateway } from "./test-support/gateway";
import { type RunningServer, startServer } from "./test-support/servers";
import { remoteUpstream } from "./test-support/upstream-config";
import { loadUpstreams } from "./upstreams/config";

/**
 * Cost per request against the price book, on a real database: the version in force when a call
 * started, cached prompt tokens at their own price, and the same micros in the stored event, the
 * answer's usage.cost, its header and a stream's final usage chunk.
 */
let testEnv: GatewayTestEnv;
let upstream: RunningServer;
let gateway: Gateway;
let server: RunningServer;
let account: TestKey;
const admin: Actor = { type: "system" };

/** Held answers ("user": "hold"), released by the test; "user": "cached" reports a cache hit. */
const held: (() => void)[] = [];
const arrived: string[] = [];

async function fakeUpstream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = "";
  for await (const part of req) raw += part;
  const body = JSON.parse(raw);
  arrived.push(String(body.user ?? ""));
  if (body.user === "hold") await new Promise<void>((resolve) => held.push(resolve));
  const usage: Record<string, unknown> = {
    prompt_tokens: 1000,
    completion_tokens: 500,
    total_tokens: 1500,
  };
  if (body.user === "cached") usage.prompt_tokens_details = { cached_tokens: 800 };
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-priced",
      object: "chat.completion",
      created: 1,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      usage,
    }),
  );
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  upstream = await startServer(fakeUpstream);
  gateway = testGateway({
    // 1 and 2 paisa per 1K tokens: 10 and 20 micros a token until the book says otherwise.
    upstreams: [
      ...loadUpstreams(),
      remoteUpstream(
        "priced",
        upstream.url,
        { "priced-chat": "up" },
        {
          price: { inputPer1k: 1, outputPer1k: 2 },
        },
      ),
    ],
    pollIntervalMs: 50,
  });
  await gateway.start();
  server = await serveGateway(gateway);
  account = await createAccountWithKey("enterprise");
});

afterAll(async () => {
  await server?.close();
  await gateway?.stop();
  await upstream?.close();
  await testEnv?.teardown();
});

function post(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const chat = (user: string) =>
  post("/chat/completions", {
    model: "priced-chat",
    user,
    messages: [{ role: "user", content: "price me" }],
  });

async function eventOf(response: Response) {
  await gateway.meter.flush();
  const { rows } = await pool().query<{
    cost_micros: string;
    cost_paisa: number;
    tokens_cached: number;
  }>("SELECT cost_micros, cost_paisa, tokens_cached FROM usage_events WHERE id = $1", [
    response.headers.get("x-request-id"),
  ]);
  expect(rows).toHaveLength(1);
  return { ...rows[0], cost_micros: Number(rows[0].cost_micros) };
}

/** usage.cost (PKR) back in micros. */
const microsOf = (pkr: number) => Math.round(pkr * 1_000_000);

async function newVersion(fields: Record<string, string>): Promise<void> {
  const input: PriceVersionInput = priceVersionSchema.parse({ model: "priced-chat", ...fields });
  const added = await addPriceVersion(admin, input);
  if (!added.ok) throw new Error(added.error);
  // Every instance picks it up within a poll; this test waits for its one gateway to have it.
  while (gateway.deps.prices.at("priced-chat", Date.now())?.id !== added.version.id)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("the price book at the gateway", () => {
  it("is seeded once from the upstreams configuration, converted exactly", async () => {
    const { rows } = await pool().query<{ model: string; input: string; source: string }>(
      `SELECT model, input_per_1m_micros AS input, source FROM price_book
        WHERE effective_from = 'epoch' ORDER BY model`,
    );
    expect(rows.find((r) => r.model === "demo-chat")).toEqual({
      model: "demo-chat",
      input: "50000000",
      source: "seed",
    });
    expect(rows.find((r) => r.model === "priced-chat")?.input).toBe("10000000");
    // A second instance starting on the same database adds nothing.
    const second = testGateway();
    await second.start();
    await second.stop();
    const { rows: after } = await pool().query("SELECT 1 FROM price_book");
    expect(after).toHaveLength(rows.length);
  });

  it("charges each call at the version in force when it started, even if it ends after a change", async () => {
    const first = chat("hold");
    while (!arrived.includes("hold")) await new Promise((resolve) => setTimeout(resolve, 5));
    // Started under 10/20 micros a token; the price changes to 30/60 while it runs.
    await newVersion({ inputPer1M: "30", cachedInputPer1M: "3", outputPer1M: "60" });
    const second = await chat("after");
    held.shift()?.();
    const before = await first;

    for (const [response, micros] of [
      [before, 1000 * 10 + 500 * 20],
      [second, 1000 * 30 + 500 * 60],
    ] as const) {
      expect(response.status).toBe(200);
      const body = await response.json();
      const event = await eventOf(response);
      expect(event.cost_micros).toBe(micros);
      expect(event.cost_paisa).toBe(Math.ceil(micros / 10_000));
      expect(microsOf(body.usage.cost)).toBe(micros);
      expect(response.headers.get("x-darwaza-cost-micros")).toBe(String(micros));
      // The rest of the usage object is the upstream's.
      expect(body.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 500 });
    }
  });

  it("charges prompt-cache hits at the cached price", async () => {
    const response = await chat("cached");
    const body = await response.json();
    // 200 uncached × 30 + 800 cached × 3 + 500 out × 60.
    const micros = 200 * 30 + 800 * 3 + 500 * 60;
    const event = await eventOf(response);
    expect(event).toEqual({ cost_micros: micros, cost_paisa: 4, tokens_cached: 800 });
    expect(microsOf(body.usage.cost)).toBe(micros);
    expect(body.usage.prompt_tokens_details).toEqual({ cached_tokens: 800 });
  });

  it("puts the cost in a stream's final usage chunk, equal to the event's", async () => {
    const response = await post("/chat/completions", {
      model: "demo-chat",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Salaam, stream me something" }],
    });
    expect(response.headers.get("x-darwaza-cost-micros")).toBeNull();
    const events = (await response.text())
      .split("\n\n")
      .filter((e) => e.startsWith("data: {"))
      .map((e) => JSON.parse(e.slice(6)));
    const last = events.at(-1);
    expect(last.choices).toEqual([]);
    const { prompt_tokens: prompt, completion_tokens: completion, cost } = last.usage;
    // demo-chat: 5 and 15 paisa per 1K tokens = 50 and 150 micros a token.
    expect(microsOf(cost)).toBe(prompt * 50 + completion * 150);
    expect((await eventOf(response)).cost_micros).toBe(microsOf(cost));
    // Only the usage chunk carries a cost.
    expect(events.slice(0, -1).every((e) => e.usage === undefined)).toBe(true);
  });

  it("adds usage.cost to embeddings and a header to answers without a usage object", async () => {
    const embedded = await post("/embeddings", { model: "demo-embedding", input: "salaam dunya" });
    const body = await embedded.json();
    expect(microsOf(body.usage.cost)).toBe(body.usage.prompt_tokens * 10);
    expect((await eventOf(embedded)).cost_micros).toBe(microsOf(body.usage.cost));

    const image = await post("/images/generations", { model: "demo-image", prompt: "a gate" });
    expect(image.status).toBe(200);
    // 200 paisa an image.
    expect(image.headers.get("x-darwaza-cost-micros")).toBe("2000000");
    expect((await eventOf(image)).cost_micros).toBe(2_000_000);
  });

  it("keeps history: the book refuses an UPDATE or a DELETE", async () => {
    await expect(pool().query("UPDATE price_book SET input_per_1m_micros = 0")).rejects.toThrow(
      /append-only/,
    );
    await expect(pool().query("DELETE FROM price_book")).rejects.toThrow(/append-only/);
  });
});
