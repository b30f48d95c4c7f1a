import { Redis, type RedisOptions } from "ioredis";

/**
 * The limiter's Redis connection. Commands fail fast instead of queueing while disconnected
 * (enableOfflineQueue: false, commandTimeout), so a missing Redis costs a request microseconds,
 * not seconds; the client keeps reconnecting in the background forever.
 */
export function connectLimiterRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    connectionName: "darwaza-gateway",
    ...options,
  });
  // Errors surface through failed commands and the status; an unhandled 'error' event would crash.
  redis.on("error", () => {});
  return redis;
}

/** Resolves true once the connection is ready, false on its first failure or after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off("ready", onReady);
      redis.off("error", onError);
      resolve(ready);
    };
    const onReady = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    timer.unref();
    redis.on("ready", onReady);
    redis.on("error", onError);
  });
}
