import { GatewayError } from "../errors";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import type { ResolvedModel } from "../upstreams/registry";

/** A fixed creation time: the models are configuration, not objects with a history. */
const CREATED = 1_735_689_600;

function modelObject({ model, upstream }: ResolvedModel) {
  return { id: model.id, object: "model", created: CREATED, owned_by: upstream.id };
}

function json(body: unknown) {
  return {
    kind: "done" as const,
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    use: {},
  };
}

/** GET /models: the models this key's plan may use. */
export const listModels: Endpoint = {
  name: "models",
  method: "GET",
  async prepare(ctx: CallContext): Promise<Prepared> {
    const data = ctx.deps.registry.modelsFor(ctx.principal).map(modelObject);
    return {
      model: null,
      counted: false,
      tokens: null,
      run: async () => json({ object: "list", data }),
    };
  },
};

/** GET /models/{id}: one model, or 404 when it is unknown or not on this plan. */
export const retrieveModel: Endpoint = {
  name: "models",
  method: "GET",
  async prepare(ctx: CallContext): Promise<Prepared> {
    const id = ctx.params.id;
    const found = ctx.deps.registry.modelsFor(ctx.principal).find((entry) => entry.model.id === id);
    if (!found) {
      throw new GatewayError(
        404,
        `The model \`${id}\` does not exist or you do not have access to it.`,
        {
          type: "invalid_request_error",
          code: "model_not_found",
          param: "model",
        },
      );
    }
    return { model: null, counted: false, tokens: null, run: async () => json(modelObject(found)) };
  },
};
