import type { Pool } from "pg";
import type { SignaturePoller } from "@/lib/db/signature-poller";
import { customEndpoint } from "../endpoints/custom";
import type { Endpoint } from "../pipeline/types";
import { loadCustomEndpoints } from "../store/endpoints";
import { routingPoller } from "../store/poller";
import { loadStoredUpstreams, mergeUpstreams } from "../store/upstreams";
import type { UpstreamConfig } from "../upstreams/types";
import { HealthBoard } from "./board";
import type { BreakerOptions } from "./breaker";
import { DEFAULT_RETRY, type RetryOptions } from "./failover";
import { RoutingRegistry } from "./registry";

export interface RoutingOptions {
  breaker?: BreakerOptions;
  retry?: RetryOptions;
  /** How often to look for console edits (default 500 ms: changes apply within about a second). */
  pollMs?: number;
}

export interface RoutingTable {
  registry: RoutingRegistry;
  custom: ReadonlyMap<string, Endpoint>;
}

/**
 * The gateway's routing, kept current: the configured (file / built-in) upstreams plus what
 * admins stored in the console, rebuilt whenever those tables change and handed to `apply` as
 * one new table (requests in flight keep the one they started with). Breaker state lives in the
 * board and survives rebuilds.
 */
export class LiveRouting {
  readonly board: HealthBoard;
  private readonly retry: RetryOptions;
  private readonly poller: SignaturePoller;

  constructor(
    private readonly configured: UpstreamConfig[],
    private readonly pool: () => Pool,
    options: RoutingOptions,
    private readonly apply: (table: RoutingTable) => void,
    private readonly log: (line: string) => void,
  ) {
    this.board = new HealthBoard(options.breaker);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.poller = routingPoller(pool, () => this.reload(), options.pollMs ?? 500, log);
  }

  /** The table before anything is read from the database: configured upstreams only. */
  initial(): RoutingTable {
    return {
      registry: new RoutingRegistry(this.configured, this.board, this.retry),
      custom: new Map(),
    };
  }

  start(): void {
    void this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  /** Read the stored routing now (tests; the poller calls it on every change). */
  async reload(): Promise<void> {
    const [stored, endpoints] = await Promise.all([
      loadStoredUpstreams(this.pool, this.log),
      loadCustomEndpoints(this.pool, this.log),
    ]);
    let registry: RoutingRegistry;
    try {
      registry = new RoutingRegistry(
        mergeUpstreams(this.configured, stored, this.log),
        this.board,
        this.retry,
      );
    } catch (error) {
      // A stored model that contradicts the file (another type): keep serving without them.
      this.log(
        `[gateway] console upstreams ignored: ${error instanceof Error ? error.message : error}`,
      );
      registry = new RoutingRegistry(this.configured, this.board, this.retry);
    }
    const custom = new Map(endpoints.map((e) => [`/x/${e.path}`, customEndpoint(e)]));
    this.apply({ registry, custom });
  }
}
