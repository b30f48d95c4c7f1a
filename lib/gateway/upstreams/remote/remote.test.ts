import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import type { Gateway } from "../../gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../../test-support/database";
import { serveGateway, testGateway } from "../../test-support/gateway";
import { type RunningServer, startServer } from "../../test-support/servers";
import { parseUpstreams } from "../config";
import { demoWav } from "../demo/audio";

/**
 * A real (HTTP) OpenAI-compatible upstream, faked by a local server whose behaviour the model name
 * picks: the gateway's routing, streaming relay, failure mapping and metering against it.
 */
let testEnv: GatewayTestEnv;
let upstream: RunningServer;
let gateway: Gateway;
let server: RunningServer;
let account: TestKey;
const seen: { path: string; auth: string | undefined; body: Record<string, unknown> }[] = [];
let streamClosedEarly = false;
/** Lets the test release the fake stream's second event. */
let releaseSecond: () => void = () => {};

function sse(res: ServerResponse, data: unknown) {
  res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

function chunk(content: string | null, finish: string | null = null) {
  return {
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "up",
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  };
}

async function fakeUpstream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = "";
  for await (const part of req) raw += part;
  const body = req.headers["content-type"]?.startsWith("application/json") ? JSON.parse(raw) : {};
  seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
  const model = String(body.model ?? "");
  if (req.url === "/v1/audio/transcriptions") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ text: "from upstream" }));
    return;
  }
  if (req.url === "/v1/embeddings") {
    res.writeHead(200, { "content-type": "application/json" });
    const data = [{ object: "embedding", index: 0, embedding: [0.6, 0.8] }];
    // "up-embed-nousage": a server that reports no usage (the gateway then counts, estimated).
    const usage = model === "up-embed" ? { prompt_tokens: 42, total_tokens: 42 } : undefined;
    res.end(JSON.stringify({ object: "list", data, model, usage }));
    return;
  }
  if (model === "up-fail") {
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "overloaded internals", type: "server_error" } }));
    return;
  }
  if (model === "up-bad") {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: { message: "temperature too high", type: "invalid_request_error", code: "bad_temp" },
      }),
    );
    return;
  }
  if (model === "up-slow") {
    await sleep(1000);
    if (!res.destroyed) res.end("{}");
    return;
  }
  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "x",
        object: "chat.completion",
        created: 1,
        model: "up",
        choices: [
          { index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" },
        ],
        usage: { prompt_tokens: 1000, completion_tokens: 2000, total_tokens: 3000 },
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  sse(res, chunk("first"));
  if (model === "up-endless") {
    res.on("close", () => {
      streamClosedEarly = !res.writableFinished;
    });
    for (let i = 0; i < 200 && !res.destroyed; i++) {
      sse(res, chunk(" more"));
      await sleep(20);
    }
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    releaseSecond = resolve;
  });
  sse(res, chunk(" second"));
  sse(res, chunk(null, "stop"));
  sse(res, {
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "up",
    choices: [],
    usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
  });
  sse(res, "[DONE]");
  res.end();
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  process.env.FAKE_UPSTREAM_KEY = "upstream-secret";
  upstream = await startServer(fakeUpstream);
  const price = { inputPer1k: 1, outputPer1k: 2 };
  gateway = testGateway({
    upstreams: parseUpstreams({
      upstreams: [
        {
          id: "fake",
          kind: "llm",
          baseUrl: `${upstream.url}/v1`,
          apiKeyEnv: "FAKE_UPSTREAM_KEY",
          timeoutMs: 300,
          models: [
            ...["ok", "fail", "bad", "slow", "endless"].map((name) => ({
              id: `m-${name}`,
              upstreamModel: `up-${name}`,
              price,
            })),
            ...["embed", "embed-nousage"].map((name) => ({
              id: `m-${name}`,
              upstreamModel: `up-${name}`,
              type: "embedding" as const,
              price,
            })),
          ],
        },
        {
          id: "fake-voice",
          kind: "voice",
          baseUrl: `${upstream.url}/v1`,
          models: [{ id: "m-stt", type: "transcription" }],
        },
      ],
    }),
  });
  server = await serveGateway(gateway);
  account = await createAccountWithKey("pro");
});

afterAll(async () => {
  await server.close();
  await upstream.close();
  await gateway.stop();
  await testEnv.teardown();
});

function chat(
  model: string,
  extra: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${server.url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], ...extra }),
    signal,
  });
}

async function event(requestId: string | null) {
  await gateway.meter.flush();
  const { rows } = await pool().query("SELECT * FROM usage_events WHERE id = $1", [requestId]);
  return rows[0];
}

async function tokensRemaining(): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/models`, {
    headers: { authorization: `Bearer ${account.key}` },
  });
  return Number(response.headers.get("x-ratelimit-remaining-tokens"));
}

describe("an OpenAI-compatible upstream over HTTP", () => {
  it("forwards embeddings with the mapped model and meters the reported input tokens, or its own count", async () => {
    const embed = (model: string) =>
      fetch(`${server.url}/api/v1/embeddings`, {
        method: "POST",
        headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model, input: "twelve bytes" }),
      });
    const reported = await embed("m-embed");
    expect(reported.status).toBe(200);
    expect((await reported.json()).data[0].embedding).toEqual([0.6, 0.8]);
    expect(seen.at(-1)).toMatchObject({
      path: "/v1/embeddings",
      auth: "Bearer upstream-secret",
      body: { model: "up-embed", input: "twelve bytes" },
    });
    expect(await event(reported.headers.get("x-request-id"))).toMatchObject({
      endpoint: "embeddings",
      tokens_in: 42,
      tokens_out: 0,
      estimated: false,
      cost_paisa: 1,
    });
    const counted = await embed("m-embed-nousage");
    expect(counted.status).toBe(200);
    // No usage from the upstream: the gateway's own o200k count, marked estimated.
    expect(await event(counted.headers.get("x-request-id"))).toMatchObject({
      tokens_in: 3,
      estimated: true,
    });
  });

  it("routes by model, sends the server-side credential and the mapped model, meters the reported usage", async () => {
    const response = await chat("m-ok", { max_tokens: 50 });
    expect(response.status).toBe(200);
    expect((await response.json()).usage.total_tokens).toBe(3000);
    const request = seen.at(-1);
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.auth).toBe("Bearer upstream-secret");
    expect(request?.body.model).toBe("up-ok");
    expect(request?.body.max_tokens).toBe(50);
    const row = await event(response.headers.get("x-request-id"));
    expect(row).toMatchObject({
      status: 200,
      tokens_in: 1000,
      tokens_out: 2000,
      billed: true,
      estimated: false,
      upstream: "fake",
      model: "m-ok",
    });
    expect(row.cost_paisa).toBe(5); // 1000 × 1 + 2000 × 2 per 1K
  });

  it("relays SSE event by event, asks upstream for usage and hides that chunk from a client that didn't ask", async () => {
    const response = await chat("m-ok", { stream: true });
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.body.stream_options).toEqual({ include_usage: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // The first event arrives while the upstream is still holding the second: nothing is buffered.
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain('"first"');
    releaseSecond();
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += decoder.decode(part.value);
    expect(rest).toContain('" second"');
    expect(rest).not.toContain("usage");
    expect(rest.trim().endsWith("data: [DONE]")).toBe(true);
    const row = await event(response.headers.get("x-request-id"));
    expect(row).toMatchObject({
      status: 200,
      tokens_in: 11,
      tokens_out: 2,
      estimated: false,
      billed: true,
    });
  });

  it("502 for an upstream 5xx and 504 for a timeout: not billed, reservation released", async () => {
    const before = await tokensRemaining();
    const failed = await chat("m-fail");
    expect(failed.status).toBe(502);
    const failure = (await failed.json()).error;
    expect(failure.type).toBe("upstream_error");
    expect(failure.message).not.toContain("internals");
    expect(await event(failed.headers.get("x-request-id"))).toMatchObject({
      status: 502,
      billed: false,
      cost_paisa: 0,
    });

    const started = Date.now();
    const slow = await chat("m-slow");
    expect(slow.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
    expect((await slow.json()).error.code).toBe("upstream_timeout");
    expect(await event(slow.headers.get("x-request-id"))).toMatchObject({
      status: 504,
      billed: false,
      cost_paisa: 0,
    });
    expect(await tokensRemaining()).toBe(before);
  });

  it("passes an upstream's own 4xx through", async () => {
    const response = await chat("m-bad");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      message: "temperature too high",
      code: "bad_temp",
    });
  });

  it("aborts the upstream when the client leaves mid-stream and meters what was delivered, estimated", async () => {
    const controller = new AbortController();
    const response = await chat("m-endless", { stream: true }, controller.signal);
    const reader = response.body!.getReader();
    let received = 0;
    while (received < 5) {
      const part = await reader.read();
      received += (new TextDecoder().decode(part.value).match(/data:/g) ?? []).length;
    }
    controller.abort();
    await sleep(200);
    expect(streamClosedEarly).toBe(true);
    const row = await event(response.headers.get("x-request-id"));
    expect(row.estimated).toBe(true);
    expect(row.billed).toBe(true);
    expect(row.status).toBe(499);
    expect(row.tokens_out).toBeGreaterThanOrEqual(5);
    expect(row.tokens_out).toBeLessThan(50);
  });

  it("forwards a transcription upload as multipart", async () => {
    const form = new FormData();
    form.set("model", "m-stt");
    form.set("file", new Blob([new Uint8Array(demoWav("one two three"))]), "a.wav");
    const response = await fetch(`${server.url}/api/v1/audio/transcriptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.key}` },
      body: form,
    });
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe("from upstream");
    const row = await event(response.headers.get("x-request-id"));
    expect(row).toMatchObject({ endpoint: "audio.transcriptions", model: "m-stt", billed: true });
  });
});
