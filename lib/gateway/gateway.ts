import type { Pool } from "pg";
import { ReferenceServer } from "@/lib/openapi/serve";
import { AlertQueue } from "./alerts/queue";
import { Authenticator } from "./auth/authenticate";
import { KeyCache } from "./auth/key-cache";
import { LastUsedTracker } from "./auth/last-used";
import { postgresKeySource } from "./auth/lookup";
import { InvalidationPoller } from "./auth/poller";
import { type CacheOptions, createResponseCache } from "./cache/create";
import { LeasedSpendStore } from "./credit/lease";
import { MemorySpendStore } from "./credit/memory";
import { SpentAllowances } from "./credit/spent-allowances";
import { CreditSync } from "./credit/sync";
import type { SpendStore } from "./credit/types";
import type { GatewayRequest, GatewayResponse } from "./http/types";
import { today } from "./limits/calendar";
import { MemoryLimiter } from "./limits/memory";
import { connectLimiterRedis } from "./limits/redis-connection";
import { ResilientLimiter } from "./limits/resilient";
import { loadUsageSeed } from "./limits/seed";
import type { Limiter } from "./limits/types";
import { UsageMeter } from "./metering/meter";
import { gatewayPrices } from "./metering/prices";
import { replaySpilled, spillDirectory, spillEvents } from "./metering/spill";
import { batchWriter } from "./metering/writer";
import { handleGatewayRequest } from "./pipeline/handle";
import type { GatewayDeps } from "./pipeline/types";
import { LiveRouting, type RoutingOptions } from "./routing/live-routing";
import type { UpstreamConfig } from "./upstreams/types";

export interface GatewayOptions {
  pool: () => Pool;
  upstreams: UpstreamConfig[];
  /** Limits in Redis when set, else in this process's memory. */
  redisUrl: string | null;
  instances: number;
  timeZone: string;
  maxBodyBytes: number;
  flushMs: number;
  shutdownTimeoutMs: number;
  dataDir: string;
  pollIntervalMs?: number;
  /** The response cache (Redis when redisUrl is set, else memory); null or absent: off. */
  cache?: CacheOptions | null;
  /** Breaker, retries, and how often console-edited routing is looked for. */
  routing?: RoutingOptions;
  /** Refuse keys of accounts whose owner has not verified their email (403). */
  requireVerifiedEmail?: boolean;
  /** Share a key cache between gateways (tests of one process's two mounts); default: its own. */
  keyCache?: KeyCache;
  /** Replace the limiter (tests). */
  limiter?: Limiter;
  /** Calls past the allowance charged to credit or postpaid overage (default on). */
  credit?: boolean;
  log?: (line: string) => void;
}

export interface Gateway {
  readonly deps: GatewayDeps;
  /** Keys and accounts this gateway authenticates from; changed through GatewayControl. */
  readonly keyCache: KeyCache;
  readonly meter: UsageMeter;
  /** Threshold alerts waiting for their batch write. */
  readonly alerts: AlertQueue;
  readonly limiter: Limiter;
  /** Balances, holds and month spend (null when credit is off). */
  readonly spend: SpendStore | null;
  /** The answer, at once when no step had to wait (lib/gateway/pipeline/handle.ts). */
  handle(request: GatewayRequest): GatewayResponse | Promise<GatewayResponse>;
  /**
   * Start background work. Resolves (never rejects) once an in-memory limiter holds today's
   * usage from PostgreSQL, after the usage saved at the last shutdown was written there.
   */
  start(): Promise<void>;
  /**
   * Stop background work, write every queued usage event (or spill it to disk), close Redis.
   * `timeoutMs` (default: shutdownTimeoutMs) bounds the writing, so a shutdown fits its budget.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** One gateway instance: its own key cache, limiter, meter and background work. */
export function createGateway(options: GatewayOptions): Gateway {
  const log = options.log ?? console.warn;
  // Counts in memory only: they start from PostgreSQL's usage, not from zero.
  const memory = options.limiter || options.redisUrl ? null : new MemoryLimiter();
  const limiter =
    options.limiter ??
    memory ??
    new ResilientLimiter(connectLimiterRedis(options.redisUrl ?? ""), options.instances, log);
  let sync: CreditSync | null = null;
  const spend = spendStore(options, () => sync?.full() ?? Promise.resolve());
  if (spend)
    sync = new CreditSync(
      spend,
      options.pool,
      options.timeZone,
      options.pollIntervalMs ?? 500,
      log,
    );
  const write = batchWriter(options.pool, options.timeZone);
  const meter = new UsageMeter(write, { flushMs: options.flushMs, log });
  const keyCache = options.keyCache ?? new KeyCache();
  const poller = new InvalidationPoller(keyCache, options.pool, options.pollIntervalMs ?? 500, log);
  const lastUsed = new LastUsedTracker(options.pool);
  const alerts = new AlertQueue(options.pool, options.flushMs, log);
  const routing = new LiveRouting(
    options.upstreams,
    options.pool,
    options.routing ?? {},
    (table) => {
      deps.registry = table.registry;
      deps.custom = table.custom;
    },
    log,
  );
  const table = routing.initial();
  const prices = gatewayPrices(options.pool, options.upstreams, options.pollIntervalMs ?? 500, log);
  const deps: GatewayDeps = {
    auth: new Authenticator(
      keyCache,
      postgresKeySource(options.pool),
      options.requireVerifiedEmail ?? false,
    ),
    limiter,
    spend,
    spentAllowances: new SpentAllowances(),
    meter,
    alerts,
    lastUsed,
    pool: options.pool,
    registry: table.registry,
    prices: prices.book,
    custom: table.custom,
    cache: createResponseCache(options.cache ?? null, options.redisUrl),
    cacheTtlMs: options.cache?.ttlMs ?? 0,
    timeZone: options.timeZone,
    maxBodyBytes: options.maxBodyBytes,
    reference: new ReferenceServer(),
  };
  const spillDir = spillDirectory(options.dataDir);
  let started: Promise<void> | null = null;

  async function replayThenSeed(): Promise<void> {
    try {
      const count = await replaySpilled(spillDir, write);
      if (count > 0) log(`[metering] wrote ${count} usage events saved at the last shutdown`);
    } catch (error) {
      log(`[metering] could not replay saved usage events yet: ${String(error)}`);
    }
    try {
      // After the replay, so the debits of events saved at shutdown are in the ledger it reads.
      await sync?.full();
    } catch (error) {
      log(`[credit] could not read the ledger yet: retrying in the background (${String(error)})`);
    }
    if (!memory) return;
    try {
      const now = Date.now();
      const seeds = await loadUsageSeed(options.pool(), options.timeZone, now);
      memory.seed(seeds, today(now, options.timeZone).day, now);
    } catch (error) {
      log(`[limits] could not read today's usage: limits count from zero (${String(error)})`);
    }
  }

  return {
    deps,
    keyCache,
    meter,
    alerts,
    limiter,
    spend,
    handle: (request) => handleGatewayRequest(deps, request),
    start() {
      if (started) return started;
      meter.start();
      poller.start();
      routing.start();
      lastUsed.start();
      alerts.start();
      sync?.start();
      started = Promise.all([replayThenSeed(), prices.start()]).then(() => {});
      return started;
    },
    async stop(timeoutMs?: number) {
      started = null;
      poller.stop();
      routing.stop();
      prices.stop();
      lastUsed.stop();
      sync?.stop();
      alerts.stop();
      await Promise.all([lastUsed.flush(), alerts.flush()]);
      const left = await meter.drain(timeoutMs ?? options.shutdownTimeoutMs);
      if (left.length > 0) {
        const file = spillEvents(spillDir, left);
        log(
          `[metering] database unreachable at shutdown: ${left.length} usage events saved to ${file}`,
        );
      }
      await limiter.close();
      await spend?.close();
      await deps.cache?.close();
    },
  };
}

/** Like the limiter: Redis when configured (shared by every instance), else this process's memory. */
function spendStore(options: GatewayOptions, resync: () => Promise<void>): SpendStore | null {
  if (options.credit === false) return null;
  if (!options.redisUrl) return new MemorySpendStore();
  // Holds and settles of concurrent calls go out in one write per loop turn; most are in memory,
  // drawn from a lease (lease.ts).
  const redis = connectLimiterRedis(options.redisUrl, {
    enableAutoPipelining: true,
    connectionName: "darwaza-credit",
  });
  return new LeasedSpendStore(redis, resync);
}
