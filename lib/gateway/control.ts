import type { CacheChange } from "./auth/key-cache";
import type { Gateway } from "./gateway";
import type { RoutingRegistry } from "./routing/registry";

export type { CacheChange } from "./auth/key-cache";

/** One upstream as the admin console shows it: config, breaker state and recent stats. */
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
 * What code outside the gateway may ask of it: the portal, admin console and webhooks change keys
 * and accounts and show routing, while the gateway owns the state requests read. Under `npm start`
 * the web process reaches the gateway process over IPC (lib/server/gateway-link.ts); `next dev`
 * and tests hold the gateway in-process (directControl).
 */
export interface GatewayControl {
  /**
   * Evict a key, an account (and its keys) or everything from the key cache. Called before the
   * response that reports the change, so the client's next API call sees it; other instances
   * learn of it from the poller within a second.
   */
  invalidate(change: CacheChange): void;
  /** Each upstream this instance routes to, with its breaker state; [] if the gateway is away. */
  routingStatus(): Promise<UpstreamStatus[]>;
}

/**
 * The control of a gateway in this process. `gateway` is asked at each call and may answer null
 * (no gateway built yet): then there is no cache to evict and no routing to show.
 */
export function directControl(gateway: () => Gateway | null): GatewayControl {
  return {
    invalidate: (change) => gateway()?.keyCache.invalidate(change),
    routingStatus: async () => {
      const current = gateway();
      return current ? describeRouting(current.deps.registry) : [];
    },
  };
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
