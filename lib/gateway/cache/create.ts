import { connectLimiterRedis } from "../limits/redis-connection";
import { MemoryCache } from "./memory";
import { RedisCache } from "./redis";
import type { ResponseCache } from "./types";

export interface CacheOptions {
  ttlMs: number;
  /** Bound of the in-memory cache (Redis is bounded by its own maxmemory). */
  maxBytes: number;
  maxEntryBytes: number;
}

/** Redis (shared by every instance) when REDIS_URL is set, else this process's memory; null when off. */
export function createResponseCache(
  options: CacheOptions | null,
  redisUrl: string | null,
): ResponseCache | null {
  if (!options || options.ttlMs <= 0) return null;
  if (redisUrl) return new RedisCache(connectLimiterRedis(redisUrl), options.maxEntryBytes);
  return new MemoryCache(options.maxBytes, options.maxEntryBytes);
}

/** The cache settings from the environment (DARWAZA_CACHE_*). */
export function cacheOptionsFromEnv(config: {
  DARWAZA_CACHE_TTL_SECONDS: number;
  DARWAZA_CACHE_MAX_BYTES: number;
  DARWAZA_CACHE_MAX_ENTRY_BYTES: number;
}): CacheOptions {
  return {
    ttlMs: config.DARWAZA_CACHE_TTL_SECONDS * 1000,
    maxBytes: config.DARWAZA_CACHE_MAX_BYTES,
    maxEntryBytes: config.DARWAZA_CACHE_MAX_ENTRY_BYTES,
  };
}
