import { GatewayError } from "../errors";
import type { StreamPiece } from "../upstreams/client";
import type { TokenUsage } from "../upstreams/types";

export interface StreamEnd {
  /** The upstream finished and every event was handed to the client. */
  completed: boolean;
  /** The upstream's own count (its final usage chunk), when it arrived. */
  usage: TokenUsage | null;
  /** Completion tokens relayed so far (content events), for the estimate. */
  delivered: number;
  /** Why it ended early: 499 client gone, 502/504 upstream failure. */
  status: number;
}

/**
 * Relay SSE events to the client one by one (no buffering) while tracking what was delivered.
 * `onEnd` runs exactly once: at the end, on an upstream failure, or when the client goes away
 * (the adapter stops iterating / the request signal aborts the upstream). `priced` rewrites the
 * usage event the client asked for, adding its cost.
 */
export async function* relay(
  pieces: AsyncIterable<StreamPiece>,
  signal: AbortSignal,
  onEnd: (end: StreamEnd) => void,
  priced?: (usage: TokenUsage, bytes: Uint8Array) => Uint8Array,
): AsyncGenerator<Uint8Array> {
  let usage: TokenUsage | null = null;
  let delivered = 0;
  let completed = false;
  let status = 499;
  try {
    for await (const piece of pieces) {
      delivered += piece.deltaTokens;
      if (piece.usage) {
        usage = piece.usage;
        if (piece.bytes && priced) {
          yield priced(piece.usage, piece.bytes);
          continue;
        }
      }
      if (piece.bytes) yield piece.bytes;
    }
    completed = true;
    status = 200;
  } catch (error) {
    if (signal.aborted) throw error;
    // Headers (200) are gone already: tell the client in the stream, as OpenAI does.
    const failure = error instanceof GatewayError ? error : null;
    status = failure?.status ?? 502;
    const body = {
      error: {
        message: failure?.message ?? "The upstream stream failed.",
        type: failure?.type ?? "upstream_error",
        param: null,
        code: failure?.code ?? "bad_gateway",
      },
    };
    yield Buffer.from(`data: ${JSON.stringify(body)}\n\n`);
  } finally {
    onEnd({ completed, usage, delivered, status });
  }
}
