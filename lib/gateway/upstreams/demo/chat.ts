import { setImmediate as yieldToLoop } from "node:timers/promises";
import { countPromptTokens } from "../../limits/estimate";
import type { ChatCall, ChatReply, StreamPiece } from "../client";
import { type DemoReply, demoReply, messageTexts } from "./text";

function maxTokensOf(body: Record<string, unknown>): number | undefined {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === "number" ? value : undefined;
}

/** How many choices the call asked for (validated by the endpoint: 1–128). */
function choicesOf(body: Record<string, unknown>): number {
  return typeof body.n === "number" ? body.n : 1;
}

function sse(data: unknown): Uint8Array {
  return Buffer.from(`data: ${JSON.stringify(data)}\n\n`);
}

const DONE = Buffer.from("data: [DONE]\n\n");

/** The demo chat model: an OpenAI-shaped completion, computed in-process (no network hop). */
export function demoChat(call: ChatCall): ChatReply {
  const model = String(call.body.model);
  const texts = messageTexts(call.body.messages);
  const reply = demoReply(texts, maxTokensOf(call.body));
  const n = choicesOf(call.body);
  const usage = {
    // The demo model counts its prompt as the gateway does: the whole request, o200k.
    promptTokens: countPromptTokens(call.body),
    completionTokens: reply.words.length * n,
  };
  const id = `chatcmpl-${call.requestId.slice(4)}`;
  const created = Math.floor(Date.now() / 1000);
  if (!call.stream) {
    const body = completionText(id, created, model, reply, n, usage);
    return { stream: false, body, usage, estimated: false };
  }
  return {
    stream: true,
    pieces: demoStream(call, id, created, model, n, reply, usage),
  };
}

/**
 * The completion as JSON text, written directly: this is the default upstream's whole answer on
 * the gateway's hot path, and building the object tree only to serialise it cost more than
 * everything else the demo model does (npm run bench:profile). Strings go through JSON.stringify, so
 * the text is exactly what JSON.stringify of the OpenAI-shaped object gives (chat.unit.test.ts).
 */
function completionText(
  id: string,
  created: number,
  model: string,
  { words, finishReason }: DemoReply,
  n: number,
  usage: { promptTokens: number; completionTokens: number },
): string {
  const message = `"message":{"role":"assistant","content":${JSON.stringify(words.join(" "))},"refusal":null},"logprobs":null,"finish_reason":"${finishReason}"}`;
  let choices = `{"index":0,${message}`;
  for (let index = 1; index < n; index++) choices += `,{"index":${index},${message}`;
  const total = usage.promptTokens + usage.completionTokens;
  return `{"id":${JSON.stringify(id)},"object":"chat.completion","created":${created},"model":${JSON.stringify(model)},"choices":[${choices}],"usage":{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},"total_tokens":${total}},"system_fingerprint":"darwaza-demo"}`;
}

async function* demoStream(
  call: ChatCall,
  id: string,
  created: number,
  model: string,
  n: number,
  { words, finishReason }: DemoReply,
  usage: { promptTokens: number; completionTokens: number },
): AsyncGenerator<StreamPiece> {
  // Like OpenAI with n > 1: each event carries one choice's delta, choices interleaved by index.
  const chunk = (index: number, delta: Record<string, unknown>, finish: string | null) =>
    sse({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "darwaza-demo",
      choices: [{ index, delta, logprobs: null, finish_reason: finish }],
    });
  for (let c = 0; c < n; c++)
    yield { bytes: chunk(c, { role: "assistant", content: "" }, null), deltaTokens: 0 };
  for (let i = 0; i < words.length; i++) {
    // Let the event loop run between events, so a client that went away is noticed.
    await yieldToLoop();
    call.signal.throwIfAborted();
    const content = i === 0 ? words[i] : ` ${words[i]}`;
    for (let c = 0; c < n; c++) yield { bytes: chunk(c, { content }, null), deltaTokens: 1 };
  }
  for (let c = 0; c < n; c++) yield { bytes: chunk(c, {}, finishReason), deltaTokens: 0 };
  const usageChunk = {
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [],
    usage: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
    },
  };
  yield { bytes: call.clientWantsUsage ? sse(usageChunk) : null, deltaTokens: 0, usage };
  yield { bytes: DONE, deltaTokens: 0 };
}
