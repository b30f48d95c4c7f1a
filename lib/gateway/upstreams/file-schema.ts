import { z } from "zod";
import { PLAN_IDS } from "@/lib/plans/plans";

/** An upstreams file's shape (config.ts); a module of its own so defaults.ts can use its type. */
const priceSchema = z
  .object({
    inputPer1k: z.number().min(0).default(0),
    outputPer1k: z.number().min(0).default(0),
    perImage: z.number().min(0).default(0),
    perSecond: z.number().min(0).default(0),
    per1kChars: z.number().min(0).default(0),
    perRequest: z.number().min(0).optional(),
    cached: z.number().min(0).optional(),
  })
  .default({ inputPer1k: 0, outputPer1k: 0, perImage: 0, perSecond: 0, per1kChars: 0 });

const modelSchema = z.object({
  id: z.string().min(1),
  upstreamModel: z.string().min(1).optional(),
  type: z.enum(["chat", "embedding", "image", "speech", "transcription"]).optional(),
  minPlan: z.enum(PLAN_IDS).default("free"),
  price: priceSchema,
});

const upstreamSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(["llm", "image", "voice"]),
  baseUrl: z.union([z.literal("demo"), z.url()]),
  apiKeyEnv: z.string().min(1).nullable().default(null),
  timeoutMs: z.number().int().min(1).default(60_000),
  /** Share of traffic among upstreams serving the same model; 0 = only as a fallback. */
  weight: z.number().int().min(0).default(1),
  models: z.array(modelSchema).min(1),
});

export const upstreamsFileSchema = z.object({ upstreams: z.array(upstreamSchema).min(1) });
export type UpstreamsFile = z.input<typeof upstreamsFileSchema>;
