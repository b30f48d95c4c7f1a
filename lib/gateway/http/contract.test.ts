import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/keys/revoke";
import { pool } from "@/lib/services";
import { runtimeGateway, stopGateway } from "@/lib/services/gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../test-support/database";
import { type Mount, nodeMount, webMount } from "../test-support/mounts";

/**
 * The same contract through both mounts: node:http (what `npm start` serves) and the Next route
 * handlers (what `next dev` serves). Each status the gateway answers has a case here.
 */
let testEnv: GatewayTestEnv;
const mounts: Mount[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv({ DARWAZA_MAX_BODY_BYTES: "4096" });
  mounts.push(await nodeMount(), webMount());
});

afterAll(async () => {
  for (const mount of mounts) await mount.close();
  await stopGateway();
  await testEnv.teardown();
});

const CHAT = "/api/v1/chat/completions";

function chatBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: "demo-chat",
    messages: [{ role: "user", content: "Say hi" }],
    ...extra,
  });
}

function post(key: string | null, body: string, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body,
  };
}

async function errorOf(response: Response) {
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  return body.error as { message: string; type: string; param: string | null; code: string | null };
}

describe.each([0, 1])("gateway contract, mount %i", (index) => {
  let mount: Mount;
  let free: TestKey;
  let pro: TestKey;

  beforeAll(async () => {
    mount = mounts[index];
    free = await createAccountWithKey("free");
    pro = await createAccountWithKey("pro");
  });

  it("answers a chat completion with OpenAI's shape and every rate-limit header", async () => {
    const response = await mount.fetch(CHAT, post(pro.key, chatBody()));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0].message.role).toBe("assistant");
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    const h = response.headers;
    expect(h.get("x-request-id")).toMatch(/^req_/);
    for (const name of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"])
      expect(h.get(name)).toMatch(/^\d+$/);
    expect(h.get("x-ratelimit-limit-requests")).toBe("300");
    expect(h.get("x-ratelimit-remaining-requests")).toBe("299");
    expect(h.get("x-ratelimit-reset-requests")).toMatch(/^\d+(ms|s|m\d+s)$/);
    expect(h.get("x-ratelimit-limit-tokens")).toBe("1000000");
    expect(Number(h.get("x-ratelimit-remaining-tokens"))).toBeLessThan(1_000_000);
    expect(h.get("x-ratelimit-reset-tokens")).toMatch(/^(\d+h)?(\d+m)?\d+s$/);
    expect(Number(h.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(Date.now());
  });

  it("counts X-RateLimit-Remaining down by one per request", async () => {
    const account = await createAccountWithKey("starter");
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await mount.fetch(CHAT, post(account.key, chatBody({ max_tokens: 5 })));
      expect(response.status).toBe(200);
      seen.push(Number(response.headers.get("x-ratelimit-remaining")));
      expect(Number(response.headers.get("x-ratelimit-remaining-requests"))).toBe(59 - i);
    }
    expect(seen).toEqual([59, 58, 57]);
  });

  it("accepts the key in X-API-Key and serves /api/v1/chat as the same contract", async () => {
    const response = await mount.fetch(
      "/api/v1/chat",
      post(null, chatBody(), { "x-api-key": pro.key }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).object).toBe("chat.completion");
  });

  it("streams Server-Sent Events with the headers and the usage chunk when asked", async () => {
    const response = await mount.fetch(
      CHAT,
      post(pro.key, chatBody({ stream: true, stream_options: { include_usage: true } })),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    const events = (await response.text()).trim().split("\n\n");
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)));
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    const usage = chunks.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBe(
      chunks.filter((c) => c.choices[0]?.delta?.content).length,
    );
  });

  it("answers n choices, plain and streamed, and bills the tokens of all of them", async () => {
    const plain = await mount.fetch(CHAT, post(pro.key, chatBody({ n: 3 })));
    expect(plain.status).toBe(200);
    const body = await plain.json();
    expect(body.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
    const words = body.choices[0].message.content.split(" ").length;
    expect(body.usage.completion_tokens).toBe(3 * words);

    const streamed = await mount.fetch(
      CHAT,
      post(pro.key, chatBody({ n: 2, stream: true, stream_options: { include_usage: true } })),
    );
    const events = (await streamed.text()).trim().split("\n\n").slice(0, -1);
    const chunks = events.map((event) => JSON.parse(event.slice(6)));
    const text = [0, 1].map((index) =>
      chunks
        .filter((c) => c.choices[0]?.index === index)
        .map((c) => c.choices[0].delta.content ?? "")
        .join(""),
    );
    expect(text[0]).toBe(text[1]);
    expect(text[0].length).toBeGreaterThan(0);
    expect(chunks.at(-1).usage.completion_tokens).toBe(
      chunks.filter((c) => c.choices[0]?.delta?.content).length,
    );
    const ids = [plain.headers.get("x-request-id"), streamed.headers.get("x-request-id")];
    await runtimeGateway().meter.flush();
    const { rows } = await pool().query<{ id: string; tokens_out: number }>(
      "SELECT id, tokens_out FROM usage_events WHERE id = ANY($1) ORDER BY tokens_out DESC",
      [ids],
    );
    expect(rows.map((r) => r.tokens_out).sort()).toEqual(
      [body.usage.completion_tokens, chunks.at(-1).usage.completion_tokens].sort(),
    );
  });

  it("answers embeddings as floats or base64, the same vector for the same input, metered by input tokens", async () => {
    const embed = (extra: Record<string, unknown>) =>
      mount.fetch(
        "/api/v1/embeddings",
        post(pro.key, JSON.stringify({ model: "demo-embedding", input: "Say hi", ...extra })),
      );
    const floats = await embed({ encoding_format: "float" });
    expect(floats.status).toBe(200);
    expect(floats.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    const json = await floats.json();
    expect(json).toMatchObject({ object: "list", model: "demo-embedding" });
    const vector: number[] = json.data[0].embedding;
    expect(vector).toHaveLength(256);
    // Embeddings are deterministic: cached without temperature 0 or a forcing header.
    expect(floats.headers.get("x-cache")).toBe("MISS");
    const again = await embed({ encoding_format: "float" });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect((await again.json()).data[0].embedding).toEqual(vector);
    const encoded = await (await embed({ encoding_format: "base64" })).json();
    const bytes = Buffer.from(encoded.data[0].embedding, "base64");
    const decoded = [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)];
    expect(decoded).toEqual(vector);
    await runtimeGateway().meter.flush();
    const { rows } = await pool().query(
      "SELECT endpoint, model, tokens_in, tokens_out, cost_paisa FROM usage_events WHERE id = $1",
      [floats.headers.get("x-request-id")],
    );
    expect(rows[0]).toEqual({
      endpoint: "embeddings",
      model: "demo-embedding",
      tokens_in: json.usage.prompt_tokens,
      tokens_out: 0,
      cost_paisa: 1,
    });
  });

  it("400 for embeddings without input, with an empty one, with a chat model, or longer than the model's vectors", async () => {
    const tooLong = await mount.fetch(
      "/api/v1/embeddings",
      post(pro.key, JSON.stringify({ model: "demo-embedding", input: "hi", dimensions: 257 })),
    );
    expect(tooLong.status).toBe(400);
    expect((await errorOf(tooLong)).param).toBe("dimensions");
    for (const body of [{ model: "demo-embedding" }, { model: "demo-embedding", input: "" }]) {
      const response = await mount.fetch("/api/v1/embeddings", post(pro.key, JSON.stringify(body)));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).param).toBe("input");
    }
    const wrong = await mount.fetch(
      "/api/v1/embeddings",
      post(pro.key, JSON.stringify({ model: "demo-chat", input: "hi" })),
    );
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).code).toBe("model_not_supported");
  });

  it("400 for n outside 1–128", async () => {
    for (const n of [0, 129, 1.5]) {
      const response = await mount.fetch(CHAT, post(pro.key, chatBody({ n })));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).param).toBe("n");
    }
  });

  it("leaves the usage chunk out of a stream that didn't ask for it", async () => {
    const response = await mount.fetch(CHAT, post(pro.key, chatBody({ stream: true })));
    const text = await response.text();
    expect(text).not.toContain('"usage"');
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("clamps max_tokens to the plan's cap instead of refusing", async () => {
    const body = chatBody({
      max_tokens: 100_000,
      messages: [{ role: "user", content: "Write 2000 tokens" }],
    });
    const response = await mount.fetch(CHAT, post(free.key, body));
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(json.usage.completion_tokens).toBe(512);
    expect(json.choices[0].finish_reason).toBe("length");
  });

  it("401 invalid_api_key for a missing, malformed or unknown key", async () => {
    const missing = await mount.fetch(CHAT, post(null, chatBody()));
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).code).toBe("invalid_api_key");
    expect(missing.headers.get("x-request-id")).toMatch(/^req_/);
    const forged = `${pro.key.slice(0, -1)}${pro.key.endsWith("A") ? "B" : "A"}`;
    for (const key of ["sk-nope", forged, "sk-000000000000000000000000000000000000000"]) {
      const response = await mount.fetch(CHAT, post(key, chatBody()));
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("invalid_api_key");
    }
    // Well-formed (checksum right) but not issued.
    const { generateKey } = await import("@/lib/keys/format");
    const unknown = await mount.fetch(CHAT, post(generateKey(), chatBody()));
    expect(unknown.status).toBe(401);
  });

  it("403 for a revoked key", async () => {
    const account = await createAccountWithKey("free");
    expect((await mount.fetch(CHAT, post(account.key, chatBody()))).status).toBe(200);
    await revokeApiKey({ id: account.keyId });
    const response = await mount.fetch(CHAT, post(account.key, chatBody()));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("api_key_revoked");
    // Rejected calls are metered too (flagged, unbilled), against the key's account.
    const requestId = response.headers.get("x-request-id");
    await runtimeGateway().meter.flush();
    const { rows } = await pool().query(
      "SELECT account_id, key_id, status, billed, cost_paisa, error_code FROM usage_events WHERE id = $1",
      [requestId],
    );
    expect(rows).toEqual([
      {
        account_id: account.accountId,
        key_id: account.keyId,
        status: 403,
        billed: false,
        cost_paisa: 0,
        error_code: "api_key_revoked",
      },
    ]);
  });

  it("400 for malformed JSON, naming nothing", async () => {
    const response = await mount.fetch(CHAT, post(pro.key, '{"model": "demo-chat", '));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.type).toBe("invalid_request_error");
    expect(error.code).toBe("invalid_json");
    expect(response.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
  });

  it("reads a UTF-8 body the same on both mounts: a leading byte-order mark and non-ASCII text", async () => {
    const text = "سلام، دروازہ 👋";
    const body = `\uFEFF${JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: text }],
    })}`;
    const response = await mount.fetch(CHAT, post(pro.key, body));
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.choices[0].message.content).toContain(text);
  });

  it("400 naming a missing or wrong-typed field", async () => {
    const missing = await mount.fetch(CHAT, post(pro.key, JSON.stringify({ model: "demo-chat" })));
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).param).toBe("messages");
    const wrongType = await mount.fetch(CHAT, post(pro.key, chatBody({ max_tokens: "lots" })));
    expect(wrongType.status).toBe(400);
    expect((await errorOf(wrongType)).param).toBe("max_tokens");
    const nested = await mount.fetch(
      CHAT,
      post(pro.key, chatBody({ messages: [{ role: "robot", content: "x" }] })),
    );
    expect((await errorOf(nested)).param).toBe("messages[0].role");
    const notObject = await mount.fetch(CHAT, post(pro.key, "[1, 2]"));
    expect(notObject.status).toBe(400);
    const empty = await mount.fetch(CHAT, post(pro.key, ""));
    expect(empty.status).toBe(400);
  });

  it("413 for a body over the limit, declared or streamed", async () => {
    const big = chatBody({ messages: [{ role: "user", content: "x".repeat(10_000) }] });
    const declared = await mount.fetch(CHAT, post(pro.key, big));
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe("request_too_large");
    const bytes = new TextEncoder().encode(big);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const chunked = await mount.fetch(CHAT, {
      method: "POST",
      headers: { authorization: `Bearer ${pro.key}`, "content-type": "application/json" },
      body: streamed,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("405 for a wrong method, with Allow", async () => {
    const response = await mount.fetch(CHAT, {
      method: "GET",
      headers: { authorization: `Bearer ${pro.key}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await errorOf(response)).code).toBe("method_not_allowed");
    const models = await mount.fetch("/api/v1/models", {
      method: "DELETE",
      headers: { authorization: `Bearer ${pro.key}` },
    });
    expect(models.status).toBe(405);
  });

  it("404 for an unknown path and an unknown model", async () => {
    const path = await mount.fetch("/api/v1/nothing/here", post(pro.key, chatBody()));
    expect(path.status).toBe(404);
    expect((await errorOf(path)).code).toBe("unknown_url");
    const bare = await mount.fetch("/api/v1", { headers: { authorization: `Bearer ${pro.key}` } });
    expect(bare.status).toBe(404);
    const model = await mount.fetch(CHAT, post(pro.key, chatBody({ model: "gpt-17" })));
    expect(model.status).toBe(404);
    const error = await errorOf(model);
    expect(error.code).toBe("model_not_found");
    expect(error.param).toBe("model");
  });

  it("403 for a model above the plan, which /models doesn't list", async () => {
    const response = await mount.fetch(CHAT, post(free.key, chatBody({ model: "demo-chat-pro" })));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("model_not_in_plan");
    const listing = await mount.fetch("/api/v1/models", {
      headers: { authorization: `Bearer ${free.key}` },
    });
    expect(listing.status).toBe(200);
    expect(listing.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const ids = (await listing.json()).data.map((m: { id: string }) => m.id);
    expect(ids).toContain("demo-chat");
    expect(ids).not.toContain("demo-chat-pro");
    const proIds = (
      await (
        await mount.fetch("/api/v1/models", { headers: { authorization: `Bearer ${pro.key}` } })
      ).json()
    ).data.map((m: { id: string }) => m.id);
    expect(proIds).toContain("demo-chat-pro");
    const one = await mount.fetch("/api/v1/models/demo-chat", {
      headers: { authorization: `Bearer ${free.key}` },
    });
    expect((await one.json()).id).toBe("demo-chat");
    const hidden = await mount.fetch("/api/v1/models/demo-chat-pro", {
      headers: { authorization: `Bearer ${free.key}` },
    });
    expect(hidden.status).toBe(404);
  });

  it("429 with Retry-After and headers once the minute's requests are spent", async () => {
    const account = await createAccountWithKey("free");
    for (let i = 0; i < 10; i++) {
      expect((await mount.fetch(CHAT, post(account.key, chatBody({ max_tokens: 5 })))).status).toBe(
        200,
      );
    }
    const response = await mount.fetch(CHAT, post(account.key, chatBody({ max_tokens: 5 })));
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    const error = await errorOf(response);
    expect(error.type).toBe("rate_limit_exceeded");
    expect(error.code).toBe("rate_limit_exceeded");
  });

  it("serves images, speech and transcription", async () => {
    const image = await mount.fetch(
      "/api/v1/images/generations",
      post(pro.key, JSON.stringify({ prompt: "a door", n: 2 })),
    );
    expect(image.status).toBe(200);
    const images = (await image.json()).data;
    expect(images).toHaveLength(2);
    expect(Buffer.from(images[0].b64_json, "base64").subarray(1, 4).toString()).toBe("PNG");
    const speech = await mount.fetch(
      "/api/v1/audio/speech",
      post(pro.key, JSON.stringify({ model: "demo-tts", input: "Salaam dunya", voice: "alloy" })),
    );
    expect(speech.status).toBe(200);
    expect(speech.headers.get("content-type")).toBe("audio/wav");
    const wav = new Uint8Array(await speech.arrayBuffer());
    expect(Buffer.from(wav.subarray(0, 4)).toString()).toBe("RIFF");
    const form = new FormData();
    form.set("model", "demo-whisper");
    form.set("file", new Blob([wav], { type: "audio/wav" }), "hello.wav");
    const transcript = await mount.fetch("/api/v1/audio/transcriptions", {
      method: "POST",
      headers: { authorization: `Bearer ${pro.key}` },
      body: form,
    });
    expect(transcript.status).toBe(200);
    expect((await transcript.json()).text).toContain("Demo transcript");
    const noFile = new FormData();
    noFile.set("model", "demo-whisper");
    const missing = await mount.fetch("/api/v1/audio/transcriptions", {
      method: "POST",
      headers: { authorization: `Bearer ${pro.key}` },
      body: noFile,
    });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).param).toBe("file");
    const noVoice = await mount.fetch(
      "/api/v1/audio/speech",
      post(pro.key, JSON.stringify({ model: "demo-tts", input: "x" })),
    );
    expect((await errorOf(noVoice)).param).toBe("voice");
    const wrongKind = await mount.fetch(CHAT, post(pro.key, chatBody({ model: "demo-image" })));
    expect(wrongKind.status).toBe(400);
  });
});
