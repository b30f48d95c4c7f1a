import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { GatewayError } from "../../errors";
import type {
  ChatCall,
  ChatReply,
  EmbeddingsCall,
  EmbeddingsReply,
  ImagesReply,
  JsonCall,
  SpeechReply,
  StreamPiece,
  TranscribeCall,
  TranscribeReply,
  UpstreamClient,
} from "../client";
import type { UpstreamConfig } from "../types";
import { Deadline, type UpstreamAnswer, upstreamFetch, upstreamPostJson } from "./fetch";
import { ssePieces, tokenUsageOf } from "./sse";

async function readJson(
  response: UpstreamAnswer,
  deadline: Deadline,
): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
    throw new GatewayError(502, "The upstream returned an unexpected body.", {
      type: "upstream_error",
      code: "bad_gateway",
    });
  } catch (error) {
    throw deadline.failure(error);
  } finally {
    deadline.done();
  }
}

/** Any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp) over fetch (keep-alive by default). */
export function remoteClient(upstream: UpstreamConfig): UpstreamClient {
  async function chat(call: ChatCall): Promise<ChatReply> {
    const body = call.stream
      ? {
          ...call.body,
          stream: true,
          stream_options: { ...(call.body.stream_options as object), include_usage: true },
        }
      : call.body;
    const deadline = new Deadline(call.signal, upstream.timeoutMs);
    if (!call.stream) {
      const answer = await upstreamPostJson(
        upstream,
        "/chat/completions",
        JSON.stringify(body),
        deadline,
      );
      const json = await readJson(answer, deadline);
      const usage = tokenUsageOf(json.usage);
      if (usage) return { stream: false, body: JSON.stringify(json), usage, estimated: false };
      const content = JSON.stringify(json.choices ?? "");
      const estimate = {
        promptTokens: call.promptEstimate,
        completionTokens: Math.ceil(content.length / 4),
      };
      return { stream: false, body: JSON.stringify(json), usage: estimate, estimated: true };
    }
    const response = await upstreamFetch(
      upstream,
      "/chat/completions",
      { body: JSON.stringify(body), json: true },
      deadline,
    );
    if (!response.body) throw deadline.failure(new Error("no body"));
    return {
      stream: true,
      pieces: relayed(response.body as NodeReadableStream<Uint8Array>, call, deadline),
    };
  }

  async function* relayed(
    stream: NodeReadableStream<Uint8Array>,
    call: ChatCall,
    deadline: Deadline,
  ): AsyncGenerator<StreamPiece> {
    try {
      yield* ssePieces(stream, call.clientWantsUsage, () => deadline.touch());
    } catch (error) {
      throw deadline.failure(error);
    } finally {
      deadline.done();
      // Leaving early (client gone): make sure the upstream connection is aborted, not drained.
      deadline.controller.abort();
    }
  }

  /** POST a call's JSON body to `path` and read the JSON answer, within the upstream's timeout. */
  async function postForJson(path: string, call: JsonCall): Promise<Record<string, unknown>> {
    const deadline = new Deadline(call.signal, upstream.timeoutMs);
    const answer = await upstreamPostJson(upstream, path, JSON.stringify(call.body), deadline);
    return readJson(answer, deadline);
  }

  async function embeddings(call: EmbeddingsCall): Promise<EmbeddingsReply> {
    const json = await postForJson("/embeddings", call);
    const usage = json.usage as Record<string, unknown> | undefined;
    if (usage && typeof usage.prompt_tokens === "number")
      return { json, promptTokens: usage.prompt_tokens, estimated: false };
    return { json, promptTokens: call.promptEstimate, estimated: true };
  }

  async function images(call: JsonCall): Promise<ImagesReply> {
    const json = await postForJson("/images/generations", call);
    const images = Array.isArray(json.data) ? json.data.length : 0;
    return { json, images };
  }

  async function speech(call: JsonCall): Promise<SpeechReply> {
    const deadline = new Deadline(call.signal, upstream.timeoutMs);
    const response = await upstreamPostJson(
      upstream,
      "/audio/speech",
      JSON.stringify(call.body),
      deadline,
    );
    try {
      const bytes = new Uint8Array(response.body);
      return {
        bytes,
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    } catch (error) {
      throw deadline.failure(error);
    } finally {
      deadline.done();
    }
  }

  async function transcribe(call: TranscribeCall): Promise<TranscribeReply> {
    const deadline = new Deadline(call.signal, upstream.timeoutMs);
    const response = await upstreamFetch(
      upstream,
      "/audio/transcriptions",
      { body: call.form, json: false },
      deadline,
    );
    try {
      const body = await response.text();
      return {
        body,
        contentType: response.headers.get("content-type") ?? "application/json",
      };
    } catch (error) {
      throw deadline.failure(error);
    } finally {
      deadline.done();
    }
  }

  return { chat, embeddings, images, speech, transcribe };
}
