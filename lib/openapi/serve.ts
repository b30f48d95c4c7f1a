import { GatewayError } from "@/lib/gateway/errors";
import type { GatewayRequest, GatewayResponse } from "@/lib/gateway/http/types";
import { errorResponse } from "@/lib/gateway/pipeline/respond";
import type { GatewayDeps } from "@/lib/gateway/pipeline/types";
import type { ModelType } from "@/lib/gateway/upstreams/types";
import { openApiDocument, type ReferenceInput } from "./document";
import type { ExampleModels } from "./samples";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** This server as the client reached it: the forwarded or Host header, checked, else localhost. */
function originOf(request: GatewayRequest): string {
  const first = (name: string) => request.header(name)?.split(",")[0]?.trim();
  const host = first("x-forwarded-host") || first("host") || "";
  const proto = first("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${HOST.test(host) ? host : "localhost"}`;
}

/** The cheapest model of each type the configured upstreams serve, for the samples. */
function exampleModels(deps: GatewayDeps): ExampleModels {
  const models = deps.registry.upstreams
    .flatMap((upstream) => upstream.models)
    .sort((a, b) => a.minRank - b.minRank);
  const first = (type: ModelType) =>
    models.find((m) => m.type === type)?.id ?? `your-${type}-model`;
  return {
    chat: first("chat"),
    embedding: first("embedding"),
    image: first("image"),
    speech: first("speech"),
    transcription: first("transcription"),
  };
}

/** Origins kept per routing table: a few spellings of this server, not one per forged Host. */
const MAX_ORIGINS = 8;

/**
 * Serves GET /api/v1/openapi.json without a key. The document is rebuilt when routing changes
 * (a custom endpoint published or withdrawn replaces `deps.custom`), else served from memory.
 */
export class ReferenceServer {
  private table: { custom: GatewayDeps["custom"]; registry: GatewayDeps["registry"] } | null = null;
  private readonly byOrigin = new Map<string, string>();

  answer(deps: GatewayDeps, request: GatewayRequest): GatewayResponse {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return errorResponse(
        new GatewayError(
          405,
          `Method ${request.method} is not allowed on ${request.path}; use GET.`,
          {
            type: "invalid_request_error",
            code: "method_not_allowed",
            headers: { allow: "GET" },
          },
        ),
        {},
      );
    }
    const body = this.document(deps, originOf(request));
    return {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        // Public documentation: any tool may read it; revalidated because endpoints change.
        "access-control-allow-origin": "*",
        "cache-control": "no-cache",
      },
      body: request.method === "HEAD" ? null : body,
    };
  }

  private document(deps: GatewayDeps, origin: string): string {
    if (this.table?.custom !== deps.custom || this.table.registry !== deps.registry) {
      this.table = { custom: deps.custom, registry: deps.registry };
      this.byOrigin.clear();
    }
    let text = this.byOrigin.get(origin);
    if (text === undefined) {
      const input: ReferenceInput = {
        origin,
        custom: [...deps.custom].sort(([a], [b]) => a.localeCompare(b)),
        models: exampleModels(deps),
      };
      text = JSON.stringify(openApiDocument(input));
      if (this.byOrigin.size >= MAX_ORIGINS) this.byOrigin.clear();
      this.byOrigin.set(origin, text);
    }
    return text;
  }
}
