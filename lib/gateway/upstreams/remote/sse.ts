import type { StreamPiece } from "../client";
import type { TokenUsage } from "../types";

const encoder = new TextEncoder();

/** Prompt-cache hits: Chat Completions' prompt_tokens_details, or the Responses API's field. */
function cachedTokensOf(usage: Record<string, unknown>): number {
  for (const details of [usage.prompt_tokens_details, usage.input_tokens_details]) {
    if (details && typeof details === "object") {
      const cached = (details as Record<string, unknown>).cached_tokens;
      if (typeof cached === "number" && Number.isInteger(cached) && cached > 0) return cached;
    }
  }
  return 0;
}

/** An OpenAI usage object's counts, or null when it reports none. */
export function tokenUsageOf(value: unknown): TokenUsage | null {
  if (!value || typeof value !== "object") return null;
  const usage = value as Record<string, unknown>;
  if (typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number")
    return null;
  const cached = cachedTokensOf(usage);
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    ...(cached > 0 ? { cachedTokensIn: Math.min(cached, usage.prompt_tokens) } : {}),
  };
}

/** Turn one SSE event (without its blank-line terminator) into a piece to relay. */
export function pieceOf(event: string, clientWantsUsage: boolean): StreamPiece {
  const bytes = encoder.encode(`${event}\n\n`);
  const data = event
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trimStart())
    .join("\n");
  if (!data || data === "[DONE]") return { bytes, deltaTokens: 0 };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { bytes, deltaTokens: 0 };
  }
  const choices = Array.isArray(parsed.choices) ? parsed.choices : [];
  const usage = tokenUsageOf(parsed.usage) ?? undefined;
  // The gateway always asks for the usage chunk; a client that didn't ask doesn't see it.
  if (usage && choices.length === 0 && !clientWantsUsage)
    return { bytes: null, deltaTokens: 0, usage };
  // One token per choice that carries text (n > 1 streams several choices' deltas).
  let deltaTokens = 0;
  for (const choice of choices as { delta?: { content?: unknown } }[]) {
    const content = choice?.delta?.content;
    if (typeof content === "string" && content.length > 0) deltaTokens++;
  }
  return { bytes, deltaTokens, usage };
}

/**
 * Split an upstream byte stream into SSE events as they complete: each event is relayed as soon as
 * its terminating blank line arrives, never held back for more.
 */
export async function* ssePieces(
  body: AsyncIterable<Uint8Array>,
  clientWantsUsage: boolean,
  onChunk: () => void,
): AsyncGenerator<StreamPiece> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    onChunk();
    buffer += decoder.decode(chunk, { stream: true });
    let match = /\r?\n\r?\n/.exec(buffer);
    while (match) {
      const event = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (event.trim()) yield pieceOf(event, clientWantsUsage);
      match = /\r?\n\r?\n/.exec(buffer);
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) yield pieceOf(buffer, clientWantsUsage);
}
