import { readFileSync } from "node:fs";
import { env } from "@/lib/config/env";
import { PLANS } from "@/lib/plans/plans";
import { DEFAULT_UPSTREAMS } from "./defaults";
import { upstreamsFileSchema } from "./file-schema";
import type { ModelType, UpstreamConfig, UpstreamKind } from "./types";

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
export function loadUpstreams(): UpstreamConfig[] {
  const file = env().DARWAZA_UPSTREAMS_FILE;
  if (!file) return parseUpstreams(DEFAULT_UPSTREAMS);
  return parseUpstreams(JSON.parse(readFileSync(file, "utf8")));
}
