import { z } from "zod";
import { countInputTokens, estimateInputTokens } from "../limits/estimate";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import { embeddingInputs } from "../upstreams/embedding-inputs";
import { validate } from "./body";

/** OpenAI's bounds: 2,048 inputs a request; token ids are non-negative integers. */
const MAX_INPUTS = 2048;
const tokens = z.array(z.number().int().min(0)).min(1);

export const embeddingsSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string().min(1),
    z.array(z.string().min(1)).min(1).max(MAX_INPUTS),
    tokens,
    z.array(tokens).min(1).max(MAX_INPUTS),
  ]),
  encoding_format: z.enum(["float", "base64"]).nullable().optional(),
  dimensions: z.number().int().min(1).max(8192).nullable().optional(),
});

function prepare(ctx: CallContext, json: unknown): Prepared {
  const body = validate(embeddingsSchema, json);
  const resolved = ctx.deps.registry.resolve(body.model, "embedding", ctx.principal);
  const inputs = embeddingInputs(body.input);
  const prompt = estimateInputTokens(inputs, ctx.principal.limits.tokensPerDay);
  return {
    model: resolved,
    counted: true,
    // Only input tokens: an embedding produces none.
    tokens: { prompt, maxOutput: 0, fullPrompt: () => countInputTokens(inputs) },
    cache: { body, fields: body, deterministic: true },
    async run() {
      const reply = await resolved.client.embeddings({
        body: { ...body, model: resolved.model.upstreamModel },
        signal: ctx.request.signal,
        requestId: ctx.requestId,
        // Counted exactly only when the upstream reports no usage.
        get promptEstimate() {
          return countInputTokens(inputs);
        },
      });
      return {
        kind: "done",
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reply.json),
        use: { tokensIn: reply.promptTokens, tokensOut: 0 },
        estimated: reply.estimated,
      };
    },
  };
}

export const embeddings: Endpoint = { name: "embeddings", method: "POST", json: true, prepare };
