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

/** A built-in route: its path after /api/v1 as OpenAPI spells it ({id}: a path parameter). */
export interface BuiltInRoute {
  path: string;
  endpoint: Endpoint;
  /** Kept for existing clients only (documented as deprecated). */
  legacy?: boolean;
}

/** Every built-in route; the router and the API reference (lib/openapi) both read this table. */
export const BUILT_IN_ROUTES: readonly BuiltInRoute[] = [
  { path: "/chat/completions", endpoint: chatCompletions },
  // Kept for existing clients: the same contract as /chat/completions.
  { path: "/chat", endpoint: chatCompletions, legacy: true },
  { path: "/embeddings", endpoint: embeddings },
  { path: "/images/generations", endpoint: imageGenerations },
  { path: "/audio/speech", endpoint: audioSpeech },
  { path: "/audio/transcriptions", endpoint: audioTranscriptions },
  { path: "/models", endpoint: listModels },
  { path: "/models/{id}", endpoint: retrieveModel },
  { path: "/usage", endpoint: accountUsage },
];

const EXACT = new Map<string, Endpoint>(
  BUILT_IN_ROUTES.filter((r) => !r.path.includes("{")).map((r) => [r.path, r.endpoint]),
);

/** The public API reference, served without a key (lib/openapi). */
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

/**
 * Whether a path names the API reference however it is spelt: any case, percent-escapes,
 * repeated or trailing slashes. Most paths are refused by their last letters alone.
 */
export function isOpenApiPath(path: string): boolean {
  if (!/json\/*$/i.test(path) && !path.includes("%")) return false;
  let spelt = path;
  try {
    spelt = decodeURIComponent(path);
  } catch {
    // Malformed escapes: compared as they are (and so not the reference).
  }
  return spelt.replace(/\/\/+/g, "/").replace(/\/+$/, "").toLowerCase() === OPENAPI_PATH;
}

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
