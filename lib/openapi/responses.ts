import { z } from "zod";
import { ERROR_TYPES } from "@/lib/gateway/errors";

/**
 * What the gateway answers, as schemas for the reference only: requests are documented from the
 * gateway's own zod schemas (lib/gateway/endpoints); answers come from the upstreams in OpenAI's
 * shapes, so these name the fields clients rely on and allow the rest.
 */

export const errorBody = z
  .object({
    error: z.object({
      message: z.string().meta({ description: "What went wrong, for a person to read." }),
      type: z.enum(ERROR_TYPES),
      param: z
        .string()
        .nullable()
        .meta({ description: "The request field at fault (e.g. `messages[0].role`), if any." }),
      code: z
        .string()
        .nullable()
        .meta({ description: "A stable code to branch on (e.g. `invalid_api_key`)." }),
    }),
  })
  .meta({
    id: "Error",
    description:
      "Every error, in OpenAI's shape, so the official SDKs raise their typed errors. Never a stack trace.",
    example: {
      error: {
        message: "Rate limit reached for requests per minute on your plan. Please try again later.",
        type: "rate_limit_exceeded",
        param: null,
        code: "rate_limit_exceeded",
      },
    },
  });

const cost = z.number().meta({
  description:
    "What this call cost, in PKR (the same amount as the `x-darwaza-cost-micros` header ÷ 1,000,000). 0 when it was within your plan's included allowance at no charge.",
  example: 0.00042,
});

const tokenUsage = z
  .looseObject({
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    total_tokens: z.number().int(),
    cost,
  })
  .meta({ id: "Usage" });

export const chatCompletion = z
  .looseObject({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.looseObject({
        index: z.number().int(),
        message: z.looseObject({ role: z.string(), content: z.string().nullable() }),
        finish_reason: z.string().nullable(),
      }),
    ),
    usage: tokenUsage,
  })
  .meta({ id: "ChatCompletion" });

export const chatStream = z.string().meta({
  id: "ChatCompletionStream",
  description:
    'Server-sent events, one `data: {chat.completion.chunk}` per piece, ending with `data: [DONE]`. With `stream_options: {"include_usage": true}` the last chunk carries `usage` with `cost`.',
  example:
    'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Salaam"}}]}\n\ndata: [DONE]\n\n',
});

export const embeddingList = z
  .looseObject({
    object: z.literal("list"),
    data: z.array(
      z.looseObject({
        object: z.literal("embedding"),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.looseObject({ prompt_tokens: z.number().int(), total_tokens: z.number().int(), cost }),
  })
  .meta({ id: "EmbeddingList" });

export const imagesResponse = z
  .looseObject({
    created: z.number().int(),
    data: z.array(z.looseObject({ url: z.string().optional(), b64_json: z.string().optional() })),
  })
  .meta({ id: "ImagesResponse" });

export const transcription = z.looseObject({ text: z.string() }).meta({ id: "Transcription" });

export const model = z
  .object({
    id: z.string(),
    object: z.literal("model"),
    created: z.number().int(),
    owned_by: z.string(),
  })
  .meta({ id: "Model" });

export const modelList = z
  .object({ object: z.literal("list"), data: z.array(model) })
  .meta({ id: "ModelList" });

const amount = z.object({
  amount: z.number().meta({ description: "PKR" }),
  amount_paisa: z.number().int(),
  currency: z.literal("PKR"),
});

const counts = {
  requests: z.number().int(),
  billed_requests: z.number().int(),
  errors: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
};

export const accountUsage = z
  .object({
    object: z.literal("usage"),
    account_id: z.string(),
    plan: z.string(),
    period: z.object({ start: z.string(), end: z.string(), time_zone: z.string() }),
    total_requests: z.number().int(),
    billed_requests: z.number().int(),
    total_tokens_in: z.number().int(),
    total_tokens_out: z.number().int(),
    estimated_cost: amount,
    today: z.object({
      date: z.string(),
      requests: z.number().int().meta({
        description:
          "Requests counted toward today's allowance (free reads such as /models and /usage are not).",
      }),
      tokens: z.number().int(),
      limits: z.object({
        requests_per_minute: z.number().int().nullable(),
        requests_per_day: z.number().int().nullable(),
        tokens_per_day: z.number().int().nullable(),
        max_tokens_per_request: z.number().int().nullable(),
      }),
      remaining: z.object({
        requests_this_minute: z.number().int().nullable(),
        requests_today: z.number().int().nullable(),
        tokens_today: z.number().int().nullable(),
      }),
    }),
    breakdown: z.array(
      z.object({ endpoint: z.string(), model: z.string(), ...counts, cost: amount }),
    ),
  })
  .meta({
    id: "AccountUsage",
    description:
      "This calendar month (in the service's time zone), from the daily rollups. `null` limits are unlimited.",
  });
