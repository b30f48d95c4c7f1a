import { describe, expect, it } from "vitest";
import { pieceOf, tokenUsageOf } from "./sse";

const event = (choices: unknown[], usage?: unknown) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", choices, ...(usage ? { usage } : {}) })}`;

describe("pieceOf", () => {
  it("counts one delivered token per choice carrying text (n > 1 streams)", () => {
    const two = event([
      { index: 0, delta: { content: "Hello" } },
      { index: 1, delta: { content: " there" } },
      { index: 2, delta: {} },
    ]);
    expect(pieceOf(two, false).deltaTokens).toBe(2);
    expect(pieceOf(event([{ index: 0, delta: { content: "" } }]), false).deltaTokens).toBe(0);
  });

  it("hides the usage chunk from a client that didn't ask, keeping the usage", () => {
    const usage = { prompt_tokens: 5, completion_tokens: 7 };
    const piece = pieceOf(event([], usage), false);
    expect(piece.bytes).toBeNull();
    expect(piece.usage).toEqual({ promptTokens: 5, completionTokens: 7 });
    expect(pieceOf(event([], usage), true).bytes).not.toBeNull();
  });

  it("relays what it cannot parse unchanged, counting nothing", () => {
    const piece = pieceOf("data: not json", false);
    expect(new TextDecoder().decode(piece.bytes ?? new Uint8Array())).toBe("data: not json\n\n");
    expect(piece.deltaTokens).toBe(0);
  });

  it("reads prompt-cache hits from Chat Completions' or the Responses API's details", () => {
    const usage = { prompt_tokens: 10, completion_tokens: 2 };
    expect(
      pieceOf(event([], { ...usage, prompt_tokens_details: { cached_tokens: 8 } }), true).usage,
    ).toEqual({ promptTokens: 10, completionTokens: 2, cachedTokensIn: 8 });
    expect(tokenUsageOf({ ...usage, input_tokens_details: { cached_tokens: 4 } })).toEqual({
      promptTokens: 10,
      completionTokens: 2,
      cachedTokensIn: 4,
    });
    // Never more cached than sent; nothing cached reads as no field.
    expect(
      tokenUsageOf({ ...usage, prompt_tokens_details: { cached_tokens: 99 } })?.cachedTokensIn,
    ).toBe(10);
    expect(tokenUsageOf({ ...usage, prompt_tokens_details: { cached_tokens: 0 } })).toEqual({
      promptTokens: 10,
      completionTokens: 2,
    });
  });
});
