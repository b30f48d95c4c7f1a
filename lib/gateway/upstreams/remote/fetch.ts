import { GatewayError } from "../../errors";
import type { UpstreamConfig } from "../types";

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
  response: Response,
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
  response: Response,
  upstream: UpstreamConfig,
): Promise<void> {
  if (response.ok) return;
  const { message, code } = await upstreamErrorMessage(response);
  const status = response.status;
  if (status >= 500 || status === 401 || status === 403) {
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

export async function upstreamFetch(
  upstream: UpstreamConfig,
  path: string,
  init: { body: string | FormData; json: boolean },
  deadline: Deadline,
): Promise<Response> {
  const headers: Record<string, string> = authHeaders(upstream);
  if (init.json) headers["content-type"] = "application/json";
  try {
    const response = await fetch(`${upstream.baseUrl}${path}`, {
      method: "POST",
      headers,
      body: init.body,
      signal: deadline.signal,
      // The URL policy checked the upstream's address, not where a redirect would lead.
      redirect: "error",
    });
    await checkUpstreamResponse(response, upstream);
    return response;
  } catch (error) {
    deadline.done();
    throw deadline.failure(error);
  }
}
