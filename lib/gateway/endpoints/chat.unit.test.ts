import { describe, expect, it } from "vitest";
import { chatSchema, isPlainChat } from "./chat";

const base = { model: "demo-chat", messages: [{ role: "user", content: "Hi" }] };

/** Bodies around every edge of chatSchema: each must be judged the same way by both. */
const bodies: unknown[] = [
  base,
  { ...base, max_tokens: 16, n: 2, stream: false, stream_options: null, temperature: 0.2 },
  { ...base, stream: true, stream_options: { include_usage: true } },
  { ...base, max_completion_tokens: 9, max_tokens: null, n: null, stream: null },
  { ...base, messages: [{ role: "system", content: null }, { role: "assistant" }] },
  null,
  [],
  [base],
  "text",
  { ...base, model: "" },
  { ...base, model: 5 },
  { messages: base.messages },
  { ...base, messages: [] },
  { ...base, messages: {} },
  { ...base, messages: [null] },
  { ...base, messages: [[]] },
  { ...base, messages: [{ role: "robot", content: "x" }] },
  { ...base, messages: [{ content: "x" }] },
  { ...base, messages: [{ role: "user", content: 5 }] },
  { ...base, messages: [{ role: "user", content: [{ type: "text", text: "x" }] }] },
  { ...base, messages: [{ role: "user", content: [{ text: "x" }] }] },
  { ...base, max_tokens: 0 },
  { ...base, max_tokens: -1 },
  { ...base, max_tokens: 1.5 },
  { ...base, max_tokens: "16" },
  { ...base, max_tokens: Number.MAX_SAFE_INTEGER + 2 },
  { ...base, max_completion_tokens: 0 },
  { ...base, n: 0 },
  { ...base, n: 128 },
  { ...base, n: 129 },
  { ...base, n: 2.5 },
  { ...base, stream: "yes" },
  { ...base, stream: 1 },
  { ...base, stream_options: [] },
  { ...base, stream_options: "x" },
  { ...base, stream_options: { include_usage: "yes" } },
  { ...base, stream_options: { include_usage: null } },
];

describe("isPlainChat (the chat body check without zod)", () => {
  it("accepts only bodies chatSchema accepts, and the usual ones", () => {
    for (const body of bodies) {
      if (isPlainChat(body))
        expect(chatSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
    }
    expect(bodies.slice(0, 5).every(isPlainChat)).toBe(true);
  });
});
