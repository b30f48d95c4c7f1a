import { GatewayError } from "../errors";
import type { UpstreamClient } from "./client";
import { demoClient } from "./demo/client";
import { remoteClient } from "./remote/client";
import type { ModelConfig, ModelType, UpstreamConfig } from "./types";

export interface ResolvedModel {
  model: ModelConfig;
  upstream: UpstreamConfig;
  client: UpstreamClient;
}

const ENDPOINT_OF: Record<ModelType, string> = {
  chat: "/chat/completions",
  image: "/images/generations",
  speech: "/audio/speech",
  transcription: "/audio/transcriptions",
};

/** Model name → upstream. Built once from the configuration; lookups are one Map get. */
export class UpstreamRegistry {
  private readonly byModel = new Map<string, ResolvedModel>();

  constructor(readonly upstreams: UpstreamConfig[]) {
    for (const upstream of upstreams) {
      const client = upstream.baseUrl === "demo" ? demoClient : remoteClient(upstream);
      for (const model of upstream.models) this.byModel.set(model.id, { model, upstream, client });
    }
  }

  /** The models a plan of this rank may use, in configuration order. */
  modelsFor(rank: number): ResolvedModel[] {
    return [...this.byModel.values()].filter((entry) => entry.model.minRank <= rank);
  }

  /**
   * The upstream for a request's model: 404 when unknown, 400 when it serves another endpoint,
   * 403 when the plan is below the model's minimum plan.
   */
  resolve(modelId: string, type: ModelType, rank: number): ResolvedModel {
    const found = this.byModel.get(modelId);
    if (!found) {
      throw new GatewayError(
        404,
        `The model \`${modelId}\` does not exist or you do not have access to it.`,
        {
          type: "invalid_request_error",
          code: "model_not_found",
          param: "model",
        },
      );
    }
    if (found.model.type !== type) {
      throw new GatewayError(
        400,
        `The model \`${modelId}\` cannot be used with ${ENDPOINT_OF[type]}.`,
        {
          code: "model_not_supported",
          param: "model",
        },
      );
    }
    if (found.model.minRank > rank) {
      throw new GatewayError(
        403,
        `The model \`${modelId}\` needs the ${found.model.minPlan} plan or higher.`,
        {
          type: "permission_error",
          code: "model_not_in_plan",
          param: "model",
        },
      );
    }
    return found;
  }
}
