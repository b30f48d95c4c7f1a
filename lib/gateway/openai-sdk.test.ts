import OpenAI, { toFile } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopGateway } from "@/lib/services/gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "./test-support/database";
import { nodeMount } from "./test-support/mounts";

/** The official `openai` npm client, pointed at the gateway's node:http mount with a Darwaza key. */
let testEnv: GatewayTestEnv;
let mount: Awaited<ReturnType<typeof nodeMount>>;
let client: OpenAI;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  mount = await nodeMount();
  const { key } = await createAccountWithKey("pro");
  client = new OpenAI({ apiKey: key, baseURL: `${mount.url}/api/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await mount.close();
  await stopGateway();
  await testEnv.teardown();
});

describe("the official OpenAI client", () => {
  it("creates a chat completion", async () => {
    const completion = await client.chat.completions.create({
      model: "demo-chat",
      messages: [{ role: "user", content: "Hello there" }],
    });
    expect(completion.choices[0].message.content).toContain("Hello there");
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("streams a chat completion with usage", async () => {
    const stream = await client.chat.completions.create({
      model: "demo-chat",
      messages: [{ role: "user", content: "Write 25 tokens" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let completionTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    expect(text.split(" ")).toHaveLength(25);
    expect(completionTokens).toBe(25);
  });

  it("reads the headers through withResponse", async () => {
    const { response } = await client.chat.completions
      .create({ model: "demo-chat", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("creates embeddings (the client asks for base64 and decodes it) and n chat choices", async () => {
    const created = await client.embeddings.create({
      model: "demo-embedding",
      input: ["the gateway", "the gateway", "something else"],
    });
    expect(created.data).toHaveLength(3);
    const [a, b, c] = created.data.map((d) => d.embedding);
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    expect(created.usage.prompt_tokens).toBeGreaterThan(0);
    const small = await client.embeddings.create({
      model: "demo-embedding",
      input: "the gateway",
      dimensions: 8,
      encoding_format: "float",
    });
    expect(small.data[0].embedding).toHaveLength(8);

    const choices = await client.chat.completions.create({
      model: "demo-chat",
      messages: [{ role: "user", content: "hi" }],
      n: 2,
    });
    expect(choices.choices.map((choice) => choice.index)).toEqual([0, 1]);
  });

  it("generates images", async () => {
    const result = await client.images.generate({
      model: "demo-image",
      prompt: "a carved wooden door",
    });
    expect(result.data?.[0].b64_json).toBeTruthy();
  });

  it("speaks and transcribes", async () => {
    const speech = await client.audio.speech.create({
      model: "demo-tts",
      voice: "alloy",
      input: "one two three four",
    });
    const audio = Buffer.from(await speech.arrayBuffer());
    expect(audio.subarray(0, 4).toString()).toBe("RIFF");
    const transcript = await client.audio.transcriptions.create({
      model: "demo-whisper",
      file: await toFile(audio, "speech.wav", { type: "audio/wav" }),
    });
    expect(transcript.text).toMatch(/^Demo transcript of \d+ bytes/);
  });

  it("lists and retrieves models", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "demo-chat",
        "demo-chat-pro",
        "demo-image",
        "demo-tts",
        "demo-whisper",
      ]),
    );
    expect((await client.models.retrieve("demo-chat")).id).toBe("demo-chat");
  });

  it("raises typed errors that parse: 401, 404, 400 and 429", async () => {
    const anonymous = new OpenAI({
      apiKey: "sk-wrong",
      baseURL: `${mount.url}/api/v1`,
      maxRetries: 0,
    });
    const unauthorized = await anonymous.models.list().catch((error: unknown) => error);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((unauthorized as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe(
      "invalid_api_key",
    );

    const missing = await client.chat.completions
      .create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");

    const bad = await client.chat.completions
      .create({ model: "demo-chat", messages: [{ role: "wizard" as "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect((bad as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("messages[0].role");

    const { key } = await createAccountWithKey("free");
    const limited = new OpenAI({ apiKey: key, baseURL: `${mount.url}/api/v1`, maxRetries: 0 });
    const results = await Promise.all(
      Array.from({ length: 11 }, () =>
        limited.chat.completions
          .create({ model: "demo-chat", messages: [{ role: "user", content: "x" }], max_tokens: 5 })
          .then(() => null)
          .catch((error: unknown) => error),
      ),
    );
    const errors = results.filter((result) => result !== null);
    expect(errors).toHaveLength(1);
    const rateLimited = errors[0] as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.type).toBe("rate_limit_exceeded");
    expect(Number(rateLimited.headers?.get("retry-after"))).toBeGreaterThan(0);
  });
});
