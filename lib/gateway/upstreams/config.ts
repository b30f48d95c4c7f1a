import { readFileSync } from "node:fs";
import { z } from "zod";
import { env } from "@/lib/config/env";
import { PLAN_IDS, PLANS } from "@/lib/plans/plans";
import { DEFAULT_UPSTREAMS } from "./defaults";
import type { ModelType, UpstreamConfig, UpstreamKind } from "./types";

/**
 * Upstreams are configured in one place: the JSON file named by DARWAZA_UPSTREAMS_FILE, or the
 * built-in demo upstreams when it is unset. File shape:
 *   { "upstreams": [ { "id": "openai", "kind": "llm", "baseUrl": "https://api.openai.com/v1",
 *       "apiKeyEnv": "OPENAI_API_KEY", "timeoutMs": 60000,
 *       "models": [ { "id": "gpt-4o-mini", "minPlan": "starter",
 *                     "price": { "inputPer1k": 5, "outputPer1k": 20 } } ] } ] }
 * Use "baseUrl": "demo" to keep a built-in demo upstream next to real ones. Several upstreams may
 * list the same model id (each with its own "upstreamModel"): calls are balanced by "weight",
 * retried and failed over among them (lib/gateway/routing). The file is operator-trusted: the
 * private-address URL policy applies to upstreams added in the admin console.
 */
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

const DEFAULT_TYPE: Record<UpstreamKind, ModelType | null> = {
  llm: "chat",
  image: "image",
  voice: null,
};

/** Validate and normalise a parsed upstreams file (throws naming the bad field). */
export function parseUpstreams(input: unknown): UpstreamConfig[] {
  const parsed = upstreamsFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid upstreams config at ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data.upstreams.map((upstream) => {
    const seen = new Set<string>();
    return {
      ...upstream,
      baseUrl: upstream.baseUrl.replace(/\/+$/, ""),
      models: upstream.models.map((model) => {
        if (seen.has(model.id))
          throw new Error(
            `Invalid upstreams config: model ${model.id} is listed twice in ${upstream.id}`,
          );
        seen.add(model.id);
        const type = model.type ?? DEFAULT_TYPE[upstream.kind];
        if (!type)
          throw new Error(`Invalid upstreams config: voice model ${model.id} needs "type"`);
        return {
          id: model.id,
          upstreamModel: model.upstreamModel ?? model.id,
          type,
          minPlan: model.minPlan,
          minRank: PLANS[model.minPlan].rank,
          price: model.price,
        };
      }),
    };
  });
}

export function loadUpstreams(): UpstreamConfig[] {
  const file = env().DARWAZA_UPSTREAMS_FILE;
  if (!file) return parseUpstreams(DEFAULT_UPSTREAMS);
  return parseUpstreams(JSON.parse(readFileSync(file, "utf8")));
}
