import { z } from "zod";
import { badRequest } from "../errors";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import { readJson, validate } from "./body";

export const imagesSchema = z.looseObject({
  prompt: z.string().min(1).max(32_000),
  model: z.string().min(1).nullable().optional(),
  n: z.number().int().min(1).max(10).nullable().optional(),
  size: z.string().nullable().optional(),
  response_format: z.enum(["url", "b64_json"]).nullable().optional(),
});

async function prepare(ctx: CallContext): Promise<Prepared> {
  return prepareWith(ctx, validate(imagesSchema, await readJson(ctx)));
}

function prepareWith(ctx: CallContext, body: z.output<typeof imagesSchema>): Prepared {
  const { registry } = ctx.deps;
  // Like OpenAI, the model is optional: the first image model the plan may use.
  const modelId =
    body.model ?? registry.modelsFor(ctx.principal).find((m) => m.model.type === "image")?.model.id;
  if (!modelId) throw badRequest("No image model is available on your plan.", "model");
  const resolved = registry.resolve(modelId, "image", ctx.principal);
  return {
    model: resolved,
    counted: true,
    tokens: null,
    cache: { body, fields: body },
    async run() {
      const reply = await resolved.client.images({
        body: { ...body, model: resolved.model.upstreamModel },
        signal: ctx.request.signal,
        requestId: ctx.requestId,
      });
      return {
        kind: "done",
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reply.json),
        use: { images: reply.images, imageSize: body.size ?? null },
      };
    },
  };
}

export const imageGenerations: Endpoint = { name: "images.generations", method: "POST", prepare };
