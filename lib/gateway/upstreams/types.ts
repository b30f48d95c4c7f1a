import type { PlanId } from "@/lib/plans/plans";

export type UpstreamKind = "llm" | "image" | "voice";
export type ModelType = "chat" | "embedding" | "image" | "speech" | "transcription";

/** Prices in paisa (fractions allowed; an event's cost is rounded up to whole paisa). */
export interface ModelPrice {
  inputPer1k: number;
  outputPer1k: number;
  perImage: number;
  /** Per second of audio (transcription). */
  perSecond: number;
  /** Per 1,000 characters of input text (speech). */
  per1kChars: number;
  /** Per request (custom endpoints priced per call). */
  perRequest?: number;
  /** Per answer served from the response cache (0 when unset: a hit costs nothing). */
  cached?: number;
}

export interface ModelConfig {
  /** The name clients use. */
  id: string;
  /** The name sent to the upstream. */
  upstreamModel: string;
  type: ModelType;
  /** The lowest plan that may use the model, and its rank (PLANS[minPlan].rank). */
  minPlan: PlanId;
  minRank: number;
  price: ModelPrice;
}

export interface UpstreamConfig {
  id: string;
  kind: UpstreamKind;
  /** "demo" for the built-in offline upstream, else an OpenAI-compatible base URL ending in /v1. */
  baseUrl: string;
  /** Name of the environment variable holding the upstream's credential (never the value). */
  apiKeyEnv: string | null;
  timeoutMs: number;
  models: ModelConfig[];
  /** Share of the traffic among upstreams serving the same model (default 1; 0 = fallback only). */
  weight?: number;
  /** The credential itself (upstreams stored in the console, decrypted when loaded). */
  apiKey?: string | null;
  /**
   * Connect only to public addresses, checked at connect time (console upstreams not allowed a
   * private host); unset for the upstreams file and the demo, which the operator configured.
   */
  publicOnly?: boolean;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the upstream served from its prompt cache (part of promptTokens). */
  cachedTokensIn?: number;
}
