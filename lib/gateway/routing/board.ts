import {
  type BreakerOptions,
  DEFAULT_BREAKER,
  UpstreamHealth,
  type UpstreamStats,
} from "./breaker";

/**
 * Every upstream's breaker and stats for one gateway instance, by upstream id. It outlives the
 * routing table: when upstreams are reloaded (an admin edit), an unchanged id keeps its state.
 */
export class HealthBoard {
  private readonly byId = new Map<string, UpstreamHealth>();

  constructor(readonly options: BreakerOptions = DEFAULT_BREAKER) {}

  of(upstreamId: string): UpstreamHealth {
    let health = this.byId.get(upstreamId);
    if (!health) {
      health = new UpstreamHealth(this.options);
      this.byId.set(upstreamId, health);
    }
    return health;
  }

  snapshot(): Record<string, UpstreamStats> {
    const now = Date.now();
    return Object.fromEntries([...this.byId].map(([id, health]) => [id, health.stats(now)]));
  }
}
