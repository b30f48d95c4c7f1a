import { GatewayError } from "../errors";
import { demoClient } from "../upstreams/demo/client";
import type { ResolvedModel } from "../upstreams/registry";
import { remoteClient } from "../upstreams/remote/client";
import type { ModelConfig, ModelType, UpstreamConfig } from "../upstreams/types";
import type { HealthBoard } from "./board";
import { DEFAULT_RETRY, type RetryOptions, type RouteTarget } from "./failover";
import { routedClient } from "./routed-client";

interface Route {
  model: ModelConfig;
  targets: RouteTarget[];
  /** The fixed answer for a model on one in-process demo upstream: nothing to route. */
  direct: ResolvedModel | null;
}

/** What a caller's plan reaches: models up to its rank, and only its listed ones when it lists any. */
export interface ModelAccess {
  rank: number;
  models: ReadonlySet<string> | null;
  /** The calling key's model scope (within the plan's); null or absent: none. */
  keyModels?: ReadonlySet<string> | null;
}

function mayUse(access: ModelAccess, model: ModelConfig): boolean {
  return (
    model.minRank <= access.rank &&
    (access.models === null || access.models.has(model.id)) &&
    (access.keyModels == null || access.keyModels.has(model.id))
  );
}

const ENDPOINT_OF: Record<ModelType, string> = {
  chat: "/chat/completions",
  embedding: "/embeddings",
  image: "/images/generations",
  speech: "/audio/speech",
  transcription: "/audio/transcriptions",
};

/**
 * Public model name → the upstreams serving it. Several upstreams may list the same public name
 * (each with its own upstream model name: an alias); the first listing sets its type, plan and
 * price. Resolving a routed model gives a per-request client that balances, retries and falls
 * back, and sets `upstream` to the one that answered.
 */
export class RoutingRegistry {
  private readonly routes = new Map<string, Route>();

  constructor(
    readonly upstreams: UpstreamConfig[],
    private readonly board: HealthBoard,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {
    for (const upstream of upstreams) {
      const client = upstream.baseUrl === "demo" ? demoClient : remoteClient(upstream);
      const health = board.of(upstream.id);
      for (const model of upstream.models) {
        const target = {
          upstream,
          upstreamModel: model.upstreamModel,
          client,
          weight: upstream.weight ?? 1,
          health,
        };
        const route = this.routes.get(model.id);
        if (!route) {
          this.routes.set(model.id, { model, targets: [target], direct: null });
        } else if (route.model.type !== model.type) {
          throw new Error(
            `Invalid upstreams: model ${model.id} is ${route.model.type} on one upstream and ${model.type} on ${upstream.id}`,
          );
        } else {
          route.targets.push(target);
        }
      }
    }
    for (const route of this.routes.values()) {
      const [only] = route.targets;
      if (route.targets.length === 1 && only.upstream.baseUrl === "demo")
        route.direct = { model: route.model, upstream: only.upstream, client: only.client };
    }
  }

  get health(): HealthBoard {
    return this.board;
  }

  /** The models a plan may use, in configuration order (owner: the first upstream). */
  modelsFor(access: ModelAccess): ResolvedModel[] {
    const out: ResolvedModel[] = [];
    for (const route of this.routes.values()) {
      if (!mayUse(access, route.model)) continue;
      const first = route.targets[0];
      out.push(
        route.direct ?? { model: route.model, upstream: first.upstream, client: first.client },
      );
    }
    return out;
  }

  /**
   * 404 unknown model, 400 wrong endpoint, 403 below the model's plan or not among the plan's
   * models; else a routed client.
   */
  resolve(modelId: string, type: ModelType, access: ModelAccess): ResolvedModel {
    const route = this.routes.get(modelId);
    if (!route) {
      throw new GatewayError(
        404,
        `The model \`${modelId}\` does not exist or you do not have access to it.`,
        { type: "invalid_request_error", code: "model_not_found", param: "model" },
      );
    }
    if (route.model.type !== type) {
      throw new GatewayError(
        400,
        `The model \`${modelId}\` cannot be used with ${ENDPOINT_OF[type]}.`,
        { code: "model_not_supported", param: "model" },
      );
    }
    if (route.model.minRank > access.rank) {
      throw new GatewayError(
        403,
        `The model \`${modelId}\` needs the ${route.model.minPlan} plan or higher.`,
        { type: "permission_error", code: "model_not_in_plan", param: "model" },
      );
    }
    if (access.models !== null && !access.models.has(modelId)) {
      throw new GatewayError(403, `The model \`${modelId}\` is not included in your plan.`, {
        type: "permission_error",
        code: "model_not_in_plan",
        param: "model",
      });
    }
    if (access.keyModels != null && !access.keyModels.has(modelId)) {
      throw new GatewayError(403, `This API key is not allowed to use the model \`${modelId}\`.`, {
        type: "permission_error",
        code: "model_not_allowed_for_key",
        param: "model",
      });
    }
    if (route.direct) return route.direct;
    const resolved: ResolvedModel = {
      model: route.model,
      upstream: route.targets[0].upstream,
      client: demoClient,
    };
    resolved.client = routedClient(route.targets, this.retry, (target) => {
      resolved.upstream = target.upstream;
    });
    return resolved;
  }
}
