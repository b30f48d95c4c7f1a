import type { Redis } from "ioredis";
import { whenReady } from "../limits/redis-connection";
import { type CachedAnswer, decodeAnswer, encodeAnswer, type ResponseCache } from "./types";

const PREFIX = "darwaza:cache:v1:";

/**
 * The shared cache (REDIS_URL set): every instance reads and writes the same entries, each with
 * its TTL (PX) and refused above the per-entry bound; the total is bounded by Redis itself
 * (maxmemory with an allkeys-lru or volatile-lru policy, see deploy docs). Any Redis failure is a
 * miss / a skipped store: the cache makes calls cheaper, never fails them.
 */
export class RedisCache implements ResponseCache {
  /** The first calls after a start wait (briefly) for the connection rather than miss. */
  private readonly firstReady: Promise<boolean>;

  constructor(
    private readonly redis: Redis,
    private readonly maxEntryBytes: number,
    private readonly ownsConnection = true,
  ) {
    this.firstReady = whenReady(redis, 1_000);
  }

  private async ready(): Promise<boolean> {
    if (this.connected()) return true;
    await this.firstReady;
    return this.connected();
  }

  private connected(): boolean {
    return this.redis.status === "ready";
  }

  async get(key: string): Promise<CachedAnswer | null> {
    if (!(await this.ready())) return null;
    try {
      const raw = await this.redis.getBuffer(PREFIX + key);
      return raw ? decodeAnswer(raw) : null;
    } catch {
      return null;
    }
  }

  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    if (ttlMs <= 0 || !(await this.ready())) return;
    const value = encodeAnswer(answer);
    if (value.length > this.maxEntryBytes) return;
    try {
      await this.redis.set(PREFIX + key, value, "PX", ttlMs);
    } catch {
      // Not stored: the next identical call is a miss, nothing worse.
    }
  }

  async close(): Promise<void> {
    if (this.ownsConnection) this.redis.disconnect();
  }
}
