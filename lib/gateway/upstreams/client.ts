import type { TokenUsage } from "./types";

/** What an upstream is asked to do. Failures throw GatewayError (502, 504, or a passed-on 4xx). */
export interface UpstreamClient {
  /** An in-process upstream (the demo) answers at once. */
  chat(call: ChatCall): ChatReply | Promise<ChatReply>;
  embeddings(call: EmbeddingsCall): Promise<EmbeddingsReply>;
  images(call: JsonCall): Promise<ImagesReply>;
  speech(call: JsonCall): Promise<SpeechReply>;
  transcribe(call: TranscribeCall): Promise<TranscribeReply>;
}

export interface JsonCall {
  /** The request body as the upstream gets it (model already mapped to its upstream name). */
  body: Record<string, unknown>;
  signal: AbortSignal;
  requestId: string;
}

export interface EmbeddingsCall extends JsonCall {
  /** The gateway's count of the input tokens, used when an upstream reports no usage. */
  promptEstimate: number;
}

export interface ChatCall extends JsonCall {
  stream: boolean;
  /** Whether the client asked for the final usage chunk (the gateway always asks upstream). */
  clientWantsUsage: boolean;
  /** The gateway's estimate, used when an upstream reports no usage. */
  promptEstimate: number;
}

/** One Server-Sent Event to relay: `bytes` null when it is only for the gateway (usage). */
export interface StreamPiece {
  bytes: Uint8Array | null;
  /** Completion tokens this event delivered (counted when the stream ends early). */
  deltaTokens: number;
  usage?: TokenUsage;
}

export type ChatReply =
  | {
      stream: false;
      /** The completion's JSON text, as the client gets it. */
      body: string;
      usage: TokenUsage;
      estimated: boolean;
    }
  | { stream: true; pieces: AsyncIterable<StreamPiece> };

export interface EmbeddingsReply {
  json: Record<string, unknown>;
  /** Input tokens as the upstream reported them, or the gateway's estimate (then `estimated`). */
  promptTokens: number;
  estimated: boolean;
}

export interface ImagesReply {
  json: Record<string, unknown>;
  images: number;
}

export interface SpeechReply {
  bytes: Uint8Array;
  contentType: string;
}

export interface TranscribeCall {
  /** The multipart fields as received, model already mapped. */
  form: FormData;
  file: Blob;
  /** The audio's duration as the gateway measured it from the upload's bytes. */
  audioMs: number;
  signal: AbortSignal;
  requestId: string;
}

/** Metered by the duration the answer reports, else the gateway's own measure. */
export interface TranscribeReply {
  body: string;
  contentType: string;
}
