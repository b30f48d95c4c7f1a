import type { UpstreamClient } from "./client";
import type { ModelConfig, UpstreamConfig } from "./types";

/** A request's model as routing resolved it (lib/gateway/routing/registry.ts). */
export interface ResolvedModel {
  model: ModelConfig;
  upstream: UpstreamConfig;
  client: UpstreamClient;
}
