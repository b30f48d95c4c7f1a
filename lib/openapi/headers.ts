import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { COST_HEADER } from "@/lib/gateway/pipeline/cost-step";

type Header = { description: string; schema: { type: "string" | "integer" }; example?: string };

/** The headers of every /api/v1 answer (lib/gateway/limits/headers.ts sets the rate-limit ones). */
const HEADERS: Record<string, Header> = {
  "x-request-id": {
    description: "This call's id: quote it to support; the portal's request log shows it too.",
    schema: { type: "string" },
  },
  "x-ratelimit-limit": {
    description:
      "The limit of whichever of your windows (requests per minute, requests per day, tokens per day) is closest to running out; `unlimited` on a plan without limits.",
    schema: { type: "string" },
    example: "60",
  },
  "x-ratelimit-remaining": {
    description: "What is left in that window (`unlimited` without limits).",
    schema: { type: "string" },
    example: "59",
  },
  "x-ratelimit-reset": {
    description: "When that window starts again, in Unix seconds (0 without limits).",
    schema: { type: "string" },
    example: "1767225600",
  },
  "x-ratelimit-limit-requests": {
    description:
      "OpenAI's header: the request limit of the window closer to running out (minute or day).",
    schema: { type: "string" },
  },
  "x-ratelimit-remaining-requests": {
    description: "Requests left in that window.",
    schema: { type: "string" },
  },
  "x-ratelimit-reset-requests": {
    description:
      'Time until that window starts again, in OpenAI\'s format ("12ms", "6m0s", "1h0m0s").',
    schema: { type: "string" },
    example: "6m0s",
  },
  "x-ratelimit-limit-tokens": {
    description: "Tokens per day on your plan (only when it limits tokens).",
    schema: { type: "string" },
  },
  "x-ratelimit-remaining-tokens": { description: "Tokens left today.", schema: { type: "string" } },
  "x-ratelimit-reset-tokens": {
    description: "Time until the day's tokens start again (midnight in the service's time zone).",
    schema: { type: "string" },
  },
  [COST_HEADER]: {
    description:
      "What this call cost, in micro-rupees (1 PKR = 1,000,000), as an integer; on every answer that is not streamed. Chat and embeddings answers also carry it as `usage.cost` (PKR).",
    schema: { type: "integer" },
    example: "420",
  },
};

export const RETRY_AFTER = "retry-after";

/** Registers the headers as components; returns the references an answer lists. */
export function registerHeaders(registry: OpenAPIRegistry): {
  common: Record<string, { $ref: string }>;
  retryAfter: { $ref: string };
} {
  const common: Record<string, { $ref: string }> = {};
  for (const [name, header] of Object.entries(HEADERS)) {
    registry.registerComponent("headers", name, header);
    common[name] = { $ref: `#/components/headers/${name}` };
  }
  registry.registerComponent("headers", RETRY_AFTER, {
    description: "Seconds to wait before trying again (on a 429).",
    schema: { type: "integer" },
  });
  return { common, retryAfter: { $ref: `#/components/headers/${RETRY_AFTER}` } };
}
