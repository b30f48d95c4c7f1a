import { setTimeout as sleep } from "node:timers/promises";
import { GatewayError } from "../errors";
import type { UpstreamClient } from "../upstreams/client";
import type { UpstreamConfig } from "../upstreams/types";
import { weightedOrder } from "./balance";
import type { UpstreamHealth } from "./breaker";

/** One upstream able to serve a public model, under that upstream's own model name. */
export interface RouteTarget {
  upstream: UpstreamConfig;
  upstreamModel: string;
  client: UpstreamClient;
  weight: number;
  health: UpstreamHealth;
}

export interface RetryOptions {
  /** Extra attempts on the same upstream after a retryable failure (not after a timeout). */
  retries: number;
  /** First backoff; doubled per retry, with ±50% jitter. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 1, backoffMs: 50 };

/** Worth another try (here or elsewhere): connection errors, 5xx (mapped to 502), 504, upstream 429. */
function retryable(error: GatewayError): boolean {
  return error.status >= 500 || error.code === "upstream_rate_limited";
}

function unavailable(): GatewayError {
  return new GatewayError(502, "Every upstream for this model is unavailable right now.", {
    type: "upstream_error",
    code: "upstream_unavailable",
  });
}

/**
 * Run `attempt` against the model's upstreams: weighted order among those whose circuit lets a
 * call through, retries with backoff on the same one, then the next. The first answer wins; the
 * last failure is thrown when all failed (502, or 504 after a timeout), so the caller releases
 * the reservation and bills nothing. A client that left (499) or a request the upstream refused
 * (4xx) ends it at once: another upstream would refuse it too.
 */
export async function withFailover<T>(
  targets: readonly RouteTarget[],
  options: RetryOptions,
  signal: AbortSignal | null,
  attempt: (target: RouteTarget) => Promise<T>,
): Promise<{ value: T; target: RouteTarget }> {
  let last: GatewayError | null = null;
  for (const target of weightedOrder(targets.filter((t) => t.health.isAvailable()))) {
    for (let retry = 0; retry <= options.retries; retry++) {
      if (!target.health.tryPass()) break;
      const started = Date.now();
      try {
        const value = await attempt(target);
        target.health.success(Date.now() - started);
        return { value, target };
      } catch (thrown) {
        if (!(thrown instanceof GatewayError) || thrown.status === 499 || signal?.aborted) {
          target.health.abandon();
          throw thrown;
        }
        if (!retryable(thrown)) {
          // The upstream answered; the request itself is at fault.
          target.health.success(Date.now() - started);
          throw thrown;
        }
        target.health.failure(`${thrown.status} ${thrown.code ?? ""}`.trim());
        last = thrown;
        if (thrown.status === 504 || retry === options.retries) break;
        const backoff = options.backoffMs * 2 ** retry;
        await sleep(backoff * (0.5 + Math.random()));
      }
    }
  }
  throw last ?? unavailable();
}
