import type { RoutingRegistry } from "@/lib/gateway/routing/registry";
import { runtimeGateway } from "@/lib/gateway/runtime";
import { askGateway, linked } from "@/lib/server/gateway-link";

export interface UpstreamStatus {
  id: string;
  kind: string;
  /** "built-in" for the in-process demo upstreams. */
  baseUrl: string;
  models: string[];
  weight: number;
  status: "healthy" | "open circuit" | "probing" | "idle";
  calls: number;
  errorRate: number;
  latencyMs: number;
  lastError: string | null;
}

/**
 * The routing this instance uses now (config file + console upstreams) with each upstream's
 * breaker and stats. Breakers live in each instance's memory: this is the view of the instance
 * that renders the page — under `npm start`, of the gateway process beside this web process.
 */
export async function routingStatus(): Promise<UpstreamStatus[]> {
  // A web process must not start a gateway of its own (pollers, a usage queue) to show an idle
  // copy: if the gateway process does not answer, there is nothing to show.
  if (linked()) return (await askGateway("routing-status")) ?? [];
  return describeRouting(runtimeGateway().deps.registry);
}

/** Each upstream of a routing registry with its breaker state and stats. */
export function describeRouting(registry: RoutingRegistry): UpstreamStatus[] {
  const health = registry.health.snapshot();
  return registry.upstreams.map((upstream) => {
    const stats = health[upstream.id];
    const status = !stats?.calls
      ? "idle"
      : stats.state === "open"
        ? "open circuit"
        : stats.state === "half-open"
          ? "probing"
          : "healthy";
    return {
      id: upstream.id,
      kind: upstream.kind,
      baseUrl: upstream.baseUrl === "demo" ? "built-in" : upstream.baseUrl,
      models: upstream.models.map((m) =>
        m.upstreamModel === m.id ? m.id : `${m.id} → ${m.upstreamModel}`,
      ),
      weight: upstream.weight ?? 1,
      status,
      calls: stats?.calls ?? 0,
      errorRate: stats?.errorRate ?? 0,
      latencyMs: stats?.latencyMs ?? 0,
      lastError: stats?.lastError ?? null,
    };
  });
}
