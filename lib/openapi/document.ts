import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { Endpoint } from "@/lib/gateway/pipeline/types";
import { API_PREFIX, BUILT_IN_ROUTES, OPENAPI_PATH } from "@/lib/gateway/router";
import { registerHeaders } from "./headers";
import { OPERATIONS } from "./operations";
import { errorBody } from "./responses";
import { type ExampleModels, simpleSamples } from "./samples";
import { introduction } from "./text";

export interface ReferenceInput {
  /** This server as its clients reach it, e.g. "https://api.example.com" (no /api/v1). */
  origin: string;
  /** The published custom endpoints, by path after /api/v1 (e.g. "/x/sentiment"). */
  custom: Iterable<[string, Endpoint]>;
  models: ExampleModels;
}

/** What each error status means here; `code` values clients branch on. */
const ERRORS: Record<number, string> = {
  400: "Invalid request: the body is not JSON, or a field is invalid (`param` names it), or the model serves another endpoint.",
  401: "No API key, or an invalid or revoked one (`invalid_api_key`).",
  402: "`insufficient_quota`: past your daily allowance, this call would pass a monthly spend cap (the account's or this key's) set in the portal.",
  403: "Refused: the account is suspended, the key expired, the owner's email is not verified yet, or the model or endpoint needs a higher plan (`model_not_in_plan`, `endpoint_not_in_plan`).",
  404: "No such model for your plan (`model_not_found`) or no such URL (`unknown_url`).",
  405: "Wrong method for this URL (`method_not_allowed`; the `Allow` header names the right one).",
  413: "The request body is larger than the service's limit.",
  429: "A limit was reached: `rate_limit_exceeded` (requests per minute or per day) or `insufficient_quota` (today's tokens are spent and there is no credit to pay past the allowance). `Retry-After` says when to try again.",
  500: "An error on our side; the message carries the request id. Not billed.",
  502: "The model server failed or could not be reached (`upstream_error`). Not billed.",
  503: "Briefly unavailable (`service_unavailable`); try again shortly.",
  504: "The model server did not answer in time. Not billed.",
};

/** Answers of every authenticated call. */
const ALWAYS = [401, 403, 405, 429, 500, 503];

const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/**
 * The OpenAPI 3.1 document of /api/v1: the router's table (built-in endpoints, with the request
 * schemas the gateway validates with) and the published custom endpoints, for this origin.
 */
export function openApiDocument(input: ReferenceInput): Record<string, unknown> {
  const api = `${input.origin}${API_PREFIX}`;
  const registry = new OpenAPIRegistry();
  const headers = registerHeaders(registry);
  const error = errorBody;
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key from the portal's Keys page: `Authorization: Bearer sk-…`.",
  });
  registry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description:
      "The same key in an `X-API-Key` header, for clients that cannot set Authorization.",
  });

  const responses = (ok: ResponseConfig, statuses: number[]): RouteConfig["responses"] => {
    const out: RouteConfig["responses"] = { 200: { ...ok, headers: headers.common } };
    for (const status of [...new Set([...statuses, ...ALWAYS])].sort()) {
      out[status] = {
        description: ERRORS[status],
        headers:
          status === 429
            ? { ...headers.common, "retry-after": headers.retryAfter }
            : headers.common,
        content: { "application/json": { schema: error } },
      };
    }
    return out;
  };

  for (const route of BUILT_IN_ROUTES) {
    const spec = OPERATIONS.get(route.endpoint);
    // Every route the router serves is documented: an endpoint without words is a build error.
    if (!spec) throw new Error(`lib/openapi: no operation for ${route.path}`);
    registry.registerPath({
      method: route.endpoint.method === "GET" ? "get" : "post",
      path: route.path,
      operationId: route.legacy ? `${spec.operationId}Legacy` : spec.operationId,
      summary: route.legacy ? `${spec.summary} (old path)` : spec.summary,
      description: route.legacy
        ? `The same as \`${API_PREFIX}/chat/completions\`, kept for existing clients.`
        : spec.description,
      deprecated: route.legacy ?? false,
      tags: [spec.tag],
      security: SECURITY,
      request: { body: spec.body?.(input.models), params: spec.params },
      responses: responses(spec.ok, spec.errors),
      "x-codeSamples": route.legacy ? [] : spec.samples(api, input.models),
    });
  }

  let customCount = 0;
  for (const [path, endpoint] of input.custom) {
    customCount++;
    const docs = endpoint.docs ?? { summary: path, description: "A custom endpoint." };
    const post = endpoint.method === "POST";
    registry.registerPath({
      method: post ? "post" : "get",
      path,
      operationId: `custom_${path.slice(3).replace(/[^A-Za-z0-9]+/g, "_")}`,
      summary: docs.summary,
      description: docs.description,
      tags: ["Custom endpoints"],
      security: SECURITY,
      request: post
        ? { body: { content: { "application/json": { schema: z.looseObject({}) } } } }
        : undefined,
      responses: responses(
        {
          description: "The target's answer, passed back as it is.",
          content: { "*/*": { schema: z.unknown() } },
        },
        [400, 402, 413, 502, 504],
      ),
      "x-codeSamples": simpleSamples(api, path, endpoint.method, post ? "{}" : null, null),
    });
  }

  registry.registerPath({
    method: "get",
    path: OPENAPI_PATH.slice(API_PREFIX.length),
    operationId: "getOpenApiDocument",
    summary: "This document",
    description: "The OpenAPI 3.1 document of this API. Public: no key needed.",
    tags: ["Reference"],
    security: [],
    responses: {
      200: {
        description: "The document.",
        content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } },
      },
    },
  });

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Darwaza API",
      version: "v1",
      description: introduction(api, input.models.chat),
    },
    servers: [{ url: api, description: "This server" }],
    security: SECURITY,
    tags: [
      { name: "Chat" },
      { name: "Embeddings" },
      { name: "Images" },
      { name: "Audio" },
      { name: "Models" },
      { name: "Account" },
      ...(customCount > 0
        ? [
            {
              name: "Custom endpoints",
              description: "Endpoints this service publishes beside the OpenAI-compatible ones.",
            },
          ]
        : []),
      { name: "Reference" },
    ],
  }) as unknown as Record<string, unknown>;
}
