import { describe, expect, it } from "vitest";
import type { ChatCall } from "../client";
import { demoChat } from "./chat";

function call(body: Record<string, unknown>): ChatCall {
  return {
    body,
    stream: false,
    clientWantsUsage: false,
    promptEstimate: 0,
    requestId: "req_0mx07jaq1ZeioWRCd5ZYc",
    signal: new AbortController().signal,
  };
}

function completion(body: Record<string, unknown>) {
  const reply = demoChat(call(body));
  if (reply.stream) throw new Error("expected a completion");
  return reply;
}

describe("demo chat completion text", () => {
  it("is exactly JSON.stringify of the OpenAI-shaped completion", () => {
    const reply = completion({
      model: 'demo-"chat"',
      messages: [{ role: "user", content: 'Say "salaam" — سلام 👋\n\\ please' }],
      n: 3,
    });
    const parsed = JSON.parse(reply.body);
    // Same keys in the same order, same escaping: re-serialising changes nothing.
    expect(JSON.stringify(parsed)).toBe(reply.body);
    const content = 'Hello from the Darwaza demo model. You said: Say "salaam" — سلام 👋 \\ please';
    expect(parsed).toEqual({
      id: "chatcmpl-0mx07jaq1ZeioWRCd5ZYc",
      object: "chat.completion",
      created: expect.any(Number),
      model: 'demo-"chat"',
      choices: [0, 1, 2].map((index) => ({
        index,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      })),
      usage: {
        prompt_tokens: reply.usage.promptTokens,
        completion_tokens: reply.usage.completionTokens,
        total_tokens: reply.usage.promptTokens + reply.usage.completionTokens,
      },
      system_fingerprint: "darwaza-demo",
    });
    expect(reply.usage.completionTokens).toBe(3 * content.split(" ").length);
  });

  it("stops at max_tokens with finish_reason length", () => {
    const reply = completion({
      model: "demo-chat",
      messages: [{ role: "user", content: "Write 50 tokens" }],
      max_tokens: 5,
    });
    const parsed = JSON.parse(reply.body);
    expect(parsed.choices).toHaveLength(1);
    expect(parsed.choices[0].finish_reason).toBe("length");
    expect(parsed.choices[0].message.content).toBe("lorem ipsum dolor sit amet");
    expect(parsed.usage.completion_tokens).toBe(5);
  });
});
