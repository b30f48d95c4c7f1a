import { parseUpstreams } from "../upstreams/config";
import type { UpstreamConfig } from "../upstreams/types";

/** One OpenAI-compatible upstream at `url` serving public models (id → its own model name). */
export function remoteUpstream(
  id: string,
  url: string,
  models: Record<string, string>,
  extra: { weight?: number; timeoutMs?: number; price?: Record<string, number> } = {},
): UpstreamConfig {
  const [upstream] = parseUpstreams({
    upstreams: [
      {
        id,
        kind: "llm",
        baseUrl: `${url}/v1`,
        timeoutMs: extra.timeoutMs ?? 5_000,
        models: Object.entries(models).map(([model, upstreamModel]) => ({
          id: model,
          upstreamModel,
          price: extra.price,
        })),
      },
    ],
  });
  return { ...upstream, weight: extra.weight ?? 1 };
}
