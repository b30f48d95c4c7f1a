import { Redis } from "ioredis";
import { env } from "@/lib/config/env";

/** A fixed-window failure counter: how many failures under a key, and when the window ends. */
export interface CounterStore {
  read(key: string): Promise<{ count: number; resetInMs: number }>;
  increment(key: string, windowMs: number): Promise<void>;
  reset(key: string): Promise<void>;
}

type Entry = { count: number; resetAt: number };
const MEMORY = Symbol.for("darwaza.auth.throttle.memory");
const REDIS = Symbol.for("darwaza.auth.throttle.redis");
type Holder = { [MEMORY]?: Map<string, Entry>; [REDIS]?: Redis };

/** One process: counters on globalThis (the custom server and the Next bundle share them). */
function memoryStore(): CounterStore {
  const holder = globalThis as Holder;
  holder[MEMORY] ??= new Map();
  const map = holder[MEMORY];
  const live = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry && entry.resetAt <= Date.now()) map.delete(key);
    return map.get(key);
  };
  return {
    async read(key) {
      const entry = live(key);
      return entry
        ? { count: entry.count, resetInMs: entry.resetAt - Date.now() }
        : { count: 0, resetInMs: 0 };
    },
    async increment(key, windowMs) {
      const entry = live(key);
      if (entry) entry.count += 1;
      else map.set(key, { count: 1, resetAt: Date.now() + windowMs });
      // An attacker cycling emails must not grow the map without bound.
      if (map.size > 50_000) for (const k of map.keys()) live(k);
    },
    async reset(key) {
      map.delete(key);
    },
  };
}

// INCR and start the window on the first failure, atomically, so instances share one count.
const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

function redisStore(url: string): CounterStore {
  const holder = globalThis as Holder;
  if (!holder[REDIS]) {
    holder[REDIS] = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    // Reported by the failing command instead; counterStore() falls back to memory then.
    holder[REDIS].on("error", () => {});
  }
  const redis = holder[REDIS];
  return {
    async read(key) {
      const [count, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
      return { count: Number(count ?? 0), resetInMs: Math.max(ttl, 0) };
    },
    async increment(key, windowMs) {
      await redis.eval(INCREMENT, 1, key, String(windowMs));
    },
    async reset(key) {
      await redis.del(key);
    },
  };
}

/**
 * Redis when REDIS_URL is set, so every instance counts the same failures; when Redis is
 * unreachable, each process counts on its own rather than letting sign-ins through unthrottled.
 */
export function counterStore(): CounterStore {
  const url = env().REDIS_URL;
  const memory = memoryStore();
  if (!url) return memory;
  const redis = redisStore(url);
  const withFallback =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, backup: (...args: A) => Promise<R>) =>
    (...args: A) =>
      fn(...args).catch(() => backup(...args));
  return {
    read: withFallback(redis.read, memory.read),
    increment: withFallback(redis.increment, memory.increment),
    reset: withFallback(redis.reset, memory.reset),
  };
}
