import { chatCompletions } from "./endpoints/chat";
import { embeddings } from "./endpoints/embeddings";
import { imageGenerations } from "./endpoints/images";
import { listModels, retrieveModel } from "./endpoints/models";
import { audioSpeech } from "./endpoints/speech";
import { audioTranscriptions } from "./endpoints/transcriptions";
import { accountUsage } from "./endpoints/usage";
import { GatewayError } from "./errors";
import type { Endpoint } from "./pipeline/types";

export const API_PREFIX = "/api/v1";

const EXACT = new Map<string, Endpoint>([
  ["/chat/completions", chatCompletions],
  // Kept for existing clients: the same contract as /chat/completions.
  ["/chat", chatCompletions],
  ["/embeddings", embeddings],
  ["/images/generations", imageGenerations],
  ["/audio/speech", audioSpeech],
  ["/audio/transcriptions", audioTranscriptions],
  ["/models", listModels],
  ["/usage", accountUsage],
]);

export interface Route {
  endpoint: Endpoint;
  params: Record<string, string>;
}

function find(path: string, custom: ReadonlyMap<string, Endpoint>): Route | null {
  let rest = path.slice(API_PREFIX.length);
  if (rest.length > 1 && rest.endsWith("/")) rest = rest.slice(0, -1);
  const exact = EXACT.get(rest);
  if (exact) return { endpoint: exact, params: {} };
  // Custom endpoints live under /x/ so they can never shadow a built-in path.
  const published = rest.startsWith("/x/") ? custom.get(rest) : undefined;
  if (published) return { endpoint: published, params: {} };
  const model = /^\/models\/([^/]+)$/.exec(rest);
  if (!model) return null;
  try {
    return { endpoint: retrieveModel, params: { id: decodeURIComponent(model[1]) } };
  } catch {
    // Malformed percent-encoding: no such path, not a server error.
    return null;
  }
}

const NONE: ReadonlyMap<string, Endpoint> = new Map();

/**
 * The endpoint for a method and path (built-in, or a published custom endpoint): 404 for an
 * unknown path, 405 for a wrong method.
 */
export function route(
  method: string,
  path: string,
  custom: ReadonlyMap<string, Endpoint> = NONE,
): Route {
  const found = path.startsWith(API_PREFIX) ? find(path, custom) : null;
  if (!found) {
    throw new GatewayError(404, `Invalid URL (${method} ${path})`, {
      type: "invalid_request_error",
      code: "unknown_url",
    });
  }
  if (method !== found.endpoint.method) {
    throw new GatewayError(
      405,
      `Method ${method} is not allowed on ${path}; use ${found.endpoint.method}.`,
      {
        type: "invalid_request_error",
        code: "method_not_allowed",
        headers: { allow: found.endpoint.method },
      },
    );
  }
  return found;
}
