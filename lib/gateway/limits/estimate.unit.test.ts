import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { bigTools } from "../test-support/big-tools";
import {
  countInputTokens,
  countPromptTokens,
  estimateInputTokens,
  estimatePromptTokens,
} from "./estimate";

const chat = (extra: Record<string, unknown>) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hi" }],
  ...extra,
});

describe("prompt tokens", () => {
  it("counts tool definitions with o200k, at least what they tokenize to", () => {
    const tools = bigTools(20_000);
    const exact = countTokens(JSON.stringify(tools));
    expect(exact).toBeGreaterThan(4_000);
    for (const counted of [
      estimatePromptTokens(chat({ tools }), 100_000),
      countPromptTokens(chat({ tools })),
    ]) {
      expect(counted).toBeGreaterThanOrEqual(exact);
      expect(counted).toBeLessThan(exact * 1.01);
    }
  });

  it("bounds by bytes what would cost too much to tokenize: past the budget, or one long run", () => {
    const tools = bigTools();
    expect(countPromptTokens(chat({ tools }))).toBeGreaterThan(
      Buffer.byteLength(JSON.stringify(tools)),
    );
    const cjk = Array.from({ length: 300_000 }, (_, i) =>
      String.fromCharCode(0x4e00 + ((i * 7919) % 20_000)),
    ).join("");
    for (const text of ["a".repeat(500_000), cjk, `${"[".repeat(200)} and then some words`]) {
      const started = performance.now();
      const counted = countPromptTokens(chat({ messages: [{ role: "user", content: text }] }));
      expect(performance.now() - started).toBeLessThan(200);
      expect(counted).toBe(3 + 4 + 1 + Buffer.byteLength(text));
    }
  });

  it("stops counting past the limit and says so", () => {
    expect(estimatePromptTokens(chat({ tools: bigTools() }), 10_000)).toBe(10_001);
  });

  it("counts what the old estimate left out: tool calls, schemas, stop sequences, names", () => {
    const base = countPromptTokens(chat({}));
    const args = JSON.stringify({ query: "x".repeat(2_000) });
    const withCall = countPromptTokens({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", type: "function", function: { name: "search", arguments: args } },
          ],
        },
      ],
    });
    expect(withCall - base).toBeGreaterThan(countTokens(args));
    const schema = {
      type: "object",
      properties: { a: { type: "string", enum: ["x".repeat(900)] } },
    };
    const format = { type: "json_schema", json_schema: { name: "s", schema } };
    const withSchema = countPromptTokens(chat({ response_format: format }));
    expect(withSchema - base).toBeGreaterThan(countTokens(JSON.stringify(schema)));
    const stop = ["stop here please, ".repeat(20)];
    expect(countPromptTokens(chat({ stop })) - base).toBeGreaterThanOrEqual(countTokens(stop[0]));
    const name = "a_name_of_some_length_".repeat(20);
    const named = countPromptTokens({
      model: "m",
      messages: [{ role: "user", name, content: "hi" }],
    });
    expect(named - base).toBe(countTokens(name));
  });

  it("counts text parts as text, images at OpenAI's documented cost, audio by its size", () => {
    const parts = (part: Record<string, unknown>) =>
      countPromptTokens({ model: "m", messages: [{ role: "user", content: [part] }] });
    const empty = parts({ type: "text", text: "" });
    expect(empty).toBe(3 + 4 + 1);
    const url = `data:image/png;base64,${"A".repeat(100_000)}`;
    expect(parts({ type: "image_url", image_url: { url, detail: "low" } }) - empty).toBe(85);
    expect(parts({ type: "image_url", image_url: { url } }) - empty).toBe(1445);
    const audio = (format: string) =>
      parts({ type: "input_audio", input_audio: { data: "A".repeat(80_000), format } }) - empty;
    expect(audio("wav")).toBe(75);
    expect(audio("mp3")).toBe(600);
    const long = "The quick brown fox jumps over the lazy dog. ".repeat(20);
    expect(parts({ type: "text", text: long }) - empty).toBe(countTokens(long));
  });

  it("reserves a short request's bytes, a bound no byte-level BPE exceeds", () => {
    // 3 for the reply, 4 for the message, "user" and "hi".
    expect(estimatePromptTokens(chat({}), null)).toBe(3 + 4 + 4 + 2);
    expect(countPromptTokens(chat({}))).toBe(3 + 4 + 1 + 1);
  });

  it("reads special-token text as plain text instead of failing", () => {
    const text = "<|endoftext|> ".repeat(40);
    expect(countPromptTokens(chat({ messages: [{ role: "user", content: text }] }))).toBe(
      3 + 4 + 1 + countTokens(text, { disallowedSpecial: new Set() }),
    );
  });

  it("takes every role for one token, as o200k does", () => {
    for (const role of ["system", "developer", "user", "assistant", "tool", "function"])
      expect(countTokens(role)).toBe(1);
  });

  it("counts embedding inputs: texts tokenized, ids one each", () => {
    const text = "Embeddings of a fairly long sentence, repeated. ".repeat(10);
    expect(countInputTokens([text, [1, 2, 3]])).toBe(countTokens(text) + 3);
    expect(estimateInputTokens([text, [1, 2, 3]], 1_000)).toBe(countTokens(text) + 3);
    expect(estimateInputTokens([text, [1, 2, 3]], null)).toBe(Buffer.byteLength(text) + 3);
    expect(countInputTokens(["twelve bytes"])).toBe(countTokens("twelve bytes"));
    expect(estimateInputTokens(["short", [1, 2]], null)).toBe(5 + 2);
  });
});

describe("the reservation's bound", () => {
  it("is the bytes while they are a small share of the day's quota, else the o200k count", () => {
    const body = chat({ messages: [{ role: "user", content: "Write 1000 tokens" }] });
    expect(estimatePromptTokens(body, null)).toBe(3 + 4 + 4 + 17);
    expect(estimatePromptTokens(body, 64 * 21)).toBe(3 + 4 + 4 + 17);
    expect(estimatePromptTokens(body, 64 * 21 - 1)).toBe(countPromptTokens(body));
    expect(countPromptTokens(body)).toBe(3 + 4 + 1 + countTokens("Write 1000 tokens"));
  });
});
