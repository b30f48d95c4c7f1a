import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { GatewayError } from "../../errors";
import type { UpstreamConfig } from "../types";
import { publicOnlyTransports, refusedAddress } from "./connect-guard";

/** What the error mapping reads of an answer: a fetch Response or a BufferedResponse. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

export class UpstreamTimeout extends Error {
  constructor() {
    super("upstream timed out");
    this.name = "UpstreamTimeout";
  }
}

/**
 * A deadline tied to the client's signal: aborts when the client leaves or the upstream is silent
 * for `timeoutMs` (touch() restarts the clock as stream chunks arrive).
 */
export class Deadline {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private readonly onClientAbort = () => this.controller.abort(this.client.reason);

  constructor(
    private readonly client: AbortSignal,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.controller.abort(new UpstreamTimeout()), timeoutMs);
    if (client.aborted) this.onClientAbort();
    else client.addEventListener("abort", this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    this.timer.refresh();
  }

  done(): void {
    clearTimeout(this.timer);
    this.client.removeEventListener("abort", this.onClientAbort);
  }

  /** The gateway error for a failure while talking to the upstream. */
  failure(error: unknown): GatewayError {
    if (error instanceof GatewayError) return error;
    if (this.controller.signal.reason instanceof UpstreamTimeout) {
      return new GatewayError(504, "The upstream model server did not answer in time.", {
        type: "upstream_error",
        code: "upstream_timeout",
      });
    }
    if (refusedAddress(error)) {
      return new GatewayError(
        502,
        "The upstream's host resolved to a private or loopback address; the call was refused.",
        { type: "upstream_error", code: "upstream_address_refused" },
      );
    }
    if (this.client.aborted) {
      return new GatewayError(499, "The client closed the request.", {
        code: "client_closed_request",
      });
    }
    return new GatewayError(502, "The upstream model server could not be reached.", {
      type: "upstream_error",
      code: "bad_gateway",
    });
  }
}

function authHeaders(upstream: UpstreamConfig): Record<string, string> {
  // A console upstream carries its (decrypted) credential; a file upstream names an env variable.
  const key = upstream.apiKey ?? (upstream.apiKeyEnv ? process.env[upstream.apiKeyEnv] : undefined);
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function upstreamErrorMessage(
  response: UpstreamAnswer,
): Promise<{ message: string; code: string | null }> {
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object" && "error" in parsed) {
      const error = parsed.error;
      if (error && typeof error === "object") {
        const message =
          "message" in error && typeof error.message === "string" ? error.message : "";
        const code = "code" in error && typeof error.code === "string" ? error.code : null;
        return { message, code };
      }
    }
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return { message: "", code: null };
}

/**
 * Map an upstream's non-2xx answer: its 5xx and auth failures (our credential, not the client's
 * fault) become 502; its 429 stays 429; other 4xx (a parameter the model refuses) pass through.
 */
export async function checkUpstreamResponse(
  response: UpstreamAnswer,
  upstream: UpstreamConfig,
): Promise<void> {
  if (response.ok) return;
  const { message, code } = await upstreamErrorMessage(response);
  const status = response.status;
  // Redirects are never followed (the URL policy checked this address, not where one leads).
  if (status >= 500 || status === 401 || status === 403 || (status >= 300 && status < 400)) {
    throw new GatewayError(
      502,
      `The upstream model server failed (${upstream.id}: HTTP ${status}).`,
      {
        type: "upstream_error",
        code: "bad_gateway",
      },
    );
  }
  if (status === 429) {
    const retry = response.headers.get("retry-after");
    throw new GatewayError(
      429,
      message || "The upstream model server is rate limiting; try again shortly.",
      {
        type: "rate_limit_exceeded",
        code: "upstream_rate_limited",
        headers: retry ? { "retry-after": retry } : {},
      },
    );
  }
  throw new GatewayError(status, message || `The upstream refused the request (HTTP ${status}).`, {
    type: "invalid_request_error",
    code,
  });
}

export function upstreamFetch(
  upstream: UpstreamConfig,
  path: string,
  init: { body: string | FormData; json: boolean },
  deadline: Deadline,
): Promise<Response> {
  const headers: Record<string, string> = authHeaders(upstream);
  if (init.json) headers["content-type"] = "application/json";
  const request: GuardedRequestInit = {
    method: "POST",
    headers,
    body: init.body,
    signal: deadline.signal,
    // The URL policy checked the upstream's address, not where a redirect would lead.
    redirect: "error",
    dispatcher: publicOnlyDispatcher(upstream.publicOnly === true),
  };
  return checked(upstream, deadline, () => fetch(`${upstream.baseUrl}${path}`, request));
}

/** Send, then map the upstream's refusal or failure to the gateway error (and end the deadline). */
async function checked<T extends UpstreamAnswer>(
  upstream: UpstreamConfig,
  deadline: Deadline,
  send: () => Promise<T>,
): Promise<T> {
  try {
    const response = await send();
    await checkUpstreamResponse(response, upstream);
    return response;
  } catch (error) {
    deadline.done();
    throw deadline.failure(error);
  }
}

/** A whole upstream answer read into memory: the JSON endpoints need all of it anyway. */
export class BufferedResponse implements UpstreamAnswer {
  constructor(
    readonly status: number,
    private readonly raw: IncomingHttpHeaders,
    readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  readonly headers = {
    get: (name: string): string | null => {
      const value = this.raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };

  async json(): Promise<unknown> {
    return JSON.parse(this.body.toString("utf8"));
  }
}

// Keep-alive pools shared by every upstream (per host and port inside each agent).
const AGENTS = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 512, scheduling: "lifo" }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 512, scheduling: "lifo" }),
};
const PUBLIC_ONLY = publicOnlyTransports();

/** Node's fetch also takes an undici `dispatcher`, which the DOM's RequestInit does not name. */
export type GuardedRequestInit = RequestInit & { dispatcher?: unknown };

/** The transport for global fetch to a URL that must resolve to public addresses only. */
export function publicOnlyDispatcher(publicOnly: boolean): unknown {
  return publicOnly ? PUBLIC_ONLY.fetch : undefined;
}

const urls = new Map<string, URL>();
function parsed(url: string): URL {
  let found = urls.get(url);
  if (!found) {
    found = new URL(url);
    if (urls.size > 1_000) urls.clear();
    urls.set(url, found);
  }
  return found;
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  publicOnly: boolean,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    const target = parsed(url);
    const secure = target.protocol === "https:";
    const agents = publicOnly ? PUBLIC_ONLY : null;
    const request = (secure ? https : http).request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: secure ? (agents?.https ?? AGENTS["https:"]) : (agents?.http ?? AGENTS["http:"]),
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve(
            new BufferedResponse(
              response.statusCode ?? 502,
              response.headers,
              Buffer.concat(chunks),
            ),
          ),
        );
        response.on("error", reject);
        response.on("close", () => {
          if (!response.complete) reject(new Error("the upstream closed the answer early"));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * POST a JSON body and read the whole answer, over node:http with keep-alive: for the
 * non-streaming calls (most traffic), global fetch costs several times the CPU per call (WHATWG
 * streams, Headers, a Response per answer; bench/README.md, "Upstream calls"). Streams and
 * multipart uploads keep using upstreamFetch.
 */
export function upstreamPostJson(
  upstream: UpstreamConfig,
  path: string,
  body: string,
  deadline: Deadline,
): Promise<BufferedResponse> {
  const headers = authHeaders(upstream);
  headers["content-type"] = "application/json";
  return checked(upstream, deadline, () =>
    post(
      `${upstream.baseUrl}${path}`,
      headers,
      body,
      deadline.signal,
      upstream.publicOnly === true,
    ),
  );
}
