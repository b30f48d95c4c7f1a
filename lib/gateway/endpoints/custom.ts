import { GatewayError } from "../errors";
import { estimatePromptTokens } from "../limits/estimate";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import type { CustomEndpointConfig } from "../store/endpoints";
import { Deadline, type GuardedRequestInit, publicOnlyDispatcher } from "../upstreams/remote/fetch";
import type { ModelConfig, UpstreamConfig } from "../upstreams/types";

const decoder = new TextDecoder();

function jsonObject(bytes: Uint8Array, contentType: string): Record<string, unknown> | null {
  if (!contentType.toLowerCase().includes("json") || bytes.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(decoder.decode(bytes));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** OpenAI-style usage in an answer, when the upstream reports it. */
function usageOf(
  json: Record<string, unknown> | null,
): { tokensIn: number; tokensOut: number } | null {
  const usage = json?.usage;
  if (!usage || typeof usage !== "object") return null;
  const { prompt_tokens: tokensIn, completion_tokens: tokensOut } = usage as Record<
    string,
    unknown
  >;
  if (typeof tokensIn !== "number" && typeof tokensOut !== "number") return null;
  return {
    tokensIn: typeof tokensIn === "number" ? tokensIn : 0,
    tokensOut: typeof tokensOut === "number" ? tokensOut : 0,
  };
}

/**
 * A published custom endpoint, e.g. POST /api/v1/x/sentiment: the body, method and content type go
 * to the target as they came, and its status, content type and body come back as they are.
 * Same keys, limits (one request), metering and caching as the built-in endpoints; priced per
 * request, or per token when a token price is set and the answer reports usage. Only a 2xx is
 * billed. Redirects are passed back, never followed (the URL policy checked the target only).
 */
export function customEndpoint(config: CustomEndpointConfig): Endpoint {
  const name = `x/${config.path}`;
  const tokenPriced = config.inputPer1k > 0 || config.outputPer1k > 0;
  const model: ModelConfig = {
    id: name,
    upstreamModel: name,
    type: "chat",
    minPlan: config.minPlan,
    minRank: config.minRank,
    price: {
      inputPer1k: config.inputPer1k,
      outputPer1k: config.outputPer1k,
      perImage: 0,
      perSecond: 0,
      per1kChars: 0,
      perRequest: config.pricePerRequestPaisa,
    },
  };
  const upstream: UpstreamConfig = {
    id: name,
    kind: "llm",
    baseUrl: config.targetUrl,
    apiKeyEnv: null,
    timeoutMs: config.timeoutMs,
    models: [model],
  };

  async function prepare(ctx: CallContext): Promise<Prepared> {
    if (ctx.principal.rank < config.minRank) {
      throw new GatewayError(403, `/api/v1/${name} needs the ${config.minPlan} plan or higher.`, {
        type: "permission_error",
        code: "endpoint_not_in_plan",
      });
    }
    const contentType = ctx.request.header("content-type") ?? "application/octet-stream";
    const body =
      config.method === "GET"
        ? new Uint8Array(0)
        : await ctx.request.readBody(ctx.deps.maxBodyBytes);
    const json = jsonObject(body, contentType);
    // Token-priced: the body reserved like a prompt, so a spent day's quota refuses the call.
    const prompt = json
      ? estimatePromptTokens(json, ctx.principal.limits.tokensPerDay)
      : body.length + 1;
    return {
      model: { model, upstream },
      counted: true,
      tokens: tokenPriced ? { prompt, maxOutput: 0 } : null,
      cache: { body: json ?? { raw: Buffer.from(body).toString("base64") }, fields: json },
      async run() {
        const deadline = new Deadline(ctx.request.signal, config.timeoutMs);
        const headers: Record<string, string> = { "content-type": contentType };
        if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
        const url = ctx.request.query
          ? `${config.targetUrl}?${ctx.request.query}`
          : config.targetUrl;
        let answer: Uint8Array;
        let response: Response;
        try {
          const init: GuardedRequestInit = {
            method: config.method,
            headers,
            // A copy typed as a plain ArrayBuffer view, as fetch wants.
            body: config.method === "GET" ? undefined : new Uint8Array(body),
            signal: deadline.signal,
            redirect: "manual",
            dispatcher: publicOnlyDispatcher(config.publicOnly),
          };
          response = await fetch(url, init);
          answer = new Uint8Array(await response.arrayBuffer());
        } catch (error) {
          throw deadline.failure(error);
        } finally {
          deadline.done();
        }
        const type = response.headers.get("content-type") ?? "application/octet-stream";
        const ok = response.status >= 200 && response.status < 300;
        const usage = ok ? usageOf(jsonObject(answer, type)) : null;
        return {
          kind: "done",
          status: response.status,
          headers: { "content-type": type },
          body: answer,
          use: usage && tokenPriced ? usage : { ...usage, requests: 1 },
          billed: ok,
        };
      },
    };
  }

  return { name, method: config.method, prepare, docs: docsOf(config) };
}

const rupees = (paisa: number) => `PKR ${(paisa / 100).toFixed(2).replace(/\.?0+$/, "")}`;

/** The API reference's words for a published endpoint: its plan and price, never its target. */
function docsOf(config: CustomEndpointConfig): { summary: string; description: string } {
  const price =
    config.inputPer1k > 0 || config.outputPer1k > 0
      ? `${rupees(config.inputPer1k)} per 1K input tokens and ${rupees(config.outputPer1k)} per 1K output tokens when the answer reports OpenAI-style usage, else ${rupees(config.pricePerRequestPaisa)} per request`
      : `${rupees(config.pricePerRequestPaisa)} per request`;
  return {
    summary: `${config.method} /x/${config.path}`,
    description: [
      `A custom endpoint published by this service. Available on the ${config.minPlan} plan and higher.`,
      `The request body and content type are passed on as sent, and the answer comes back as it is (status, content type, body).`,
      `It counts as one request toward your limits. Priced at ${price}; only a 2xx answer is billed.`,
    ].join(" "),
  };
}
