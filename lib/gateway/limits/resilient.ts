import type { Redis } from "ioredis";
import { MemoryLimiter } from "./memory";
import { RedisLimiter } from "./redis";
import { whenReady } from "./redis-connection";
import type { Admission, AdmissionRequest, Limiter, Ticket, WindowState } from "./types";

const PROBE_INTERVAL_MS = 250;

/**
 * Redis limits with a local fallback. When Redis is unreachable (not connected, or a command
 * fails or times out) each instance enforces the limits in memory at limit ÷ DARWAZA_INSTANCES,
 * so N instances together still stay within the plan (a client pinned to one instance gets only
 * its share until Redis is back). Requests keep flowing; the client reconnects by itself and the
 * next request after it is ready goes to Redis again. A reservation is always settled in the
 * limiter that made it.
 */
export class ResilientLimiter implements Limiter {
  private readonly redisLimiter: RedisLimiter;
  private readonly fallback: MemoryLimiter;
  private degraded = false;
  /** While degraded, one request at a time tries Redis again after this instant. */
  private probeAt = 0;
  private readonly firstReady: Promise<boolean>;

  constructor(
    private readonly redis: Redis,
    instances: number,
    private readonly log: (line: string) => void = console.warn,
  ) {
    this.redisLimiter = new RedisLimiter(redis);
    this.fallback = new MemoryLimiter(undefined, instances);
    // The first requests after a start wait (briefly) for the connection rather than degrade.
    this.firstReady = whenReady(redis, 1_000);
  }

  get usingFallback(): boolean {
    return this.degraded;
  }

  private ready(): boolean {
    return this.redis.status === "ready";
  }

  private async redisUsable(): Promise<boolean> {
    if (this.ready()) {
      // A hung (not closed) Redis still says "ready": after a failure, probe rather than make
      // every request wait for the command timeout.
      if (!this.degraded) return true;
      if (Date.now() < this.probeAt) return false;
      this.probeAt = Date.now() + PROBE_INTERVAL_MS;
      return true;
    }
    const status = this.redis.status;
    if (status === "connecting" || status === "connect" || status === "wait") {
      return (await this.firstReady) && this.ready();
    }
    return false;
  }

  private degrade(reason: unknown): void {
    this.probeAt = Date.now() + PROBE_INTERVAL_MS;
    if (this.degraded) return;
    this.degraded = true;
    const detail = reason instanceof Error ? reason.message : String(reason);
    this.log(
      `[gateway] Redis unreachable (${detail}): enforcing limits in memory ÷ instances until it is back`,
    );
  }

  private recover(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.log("[gateway] Redis reachable again: limits are shared across instances again");
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    if (await this.redisUsable()) {
      try {
        const admission = await this.redisLimiter.admit(request);
        this.recover();
        return admission;
      } catch (error) {
        this.degrade(error);
      }
    } else if (!this.degraded) {
      this.degrade(`status ${this.redis.status}`);
    }
    return this.fallback.admit(request);
  }

  async settle(ticket: Ticket, usedTokens: number): Promise<void> {
    if (ticket.backend === "memory") return this.fallback.settle(ticket, usedTokens);
    try {
      await this.redisLimiter.settle(ticket, usedTokens);
    } catch (error) {
      // The reservation stays counted in Redis (conservative: the day's quota is not overshot).
      this.degrade(error);
    }
  }

  async peek(request: Omit<AdmissionRequest, "requestId" | "tokens">): Promise<WindowState[]> {
    if (this.redis.status === "ready") {
      try {
        return await this.redisLimiter.peek(request);
      } catch (error) {
        this.degrade(error);
      }
    }
    return this.fallback.peek(request);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
