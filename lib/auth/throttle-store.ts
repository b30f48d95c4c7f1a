import { Redis } from "ioredis";

/**
 * One counter: at most `max` attempts per fixed window of `windowMs` (from the first attempt).
 * With `backoff`, once `free` attempts are counted each next one must also wait `baseMs × 2^k`
 * (k = attempts past `free`, at most `capMs`) after the previous one.
 */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
  backoff?: { free: number; baseMs: number; capMs: number };
}

/** Attempt counters shared by every instance (Redis) or kept by this process (memory). */
export interface CounterStore {
  /** Counts one attempt against every limit if all have room, else none; 0 or how long to wait. */
  take(limits: Limit[]): Promise<number>;
  /** How long `take` would make the caller wait now, counting nothing. */
  peek(limits: Limit[]): Promise<number>;
  /** Hands back one attempt taken for something that turned out fine. */
  giveBack(keys: string[]): Promise<void>;
  reset(keys: string[]): Promise<void>;
  /** A marker that lives `ttlMs` (e.g. "this address has signed in to this email before"). */
  remember(key: string, ttlMs: number): Promise<void>;
  remembers(key: string): Promise<boolean>;
}

function backoffDelay(limit: Limit, count: number): number {
  const backoff = limit.backoff;
  if (!backoff || count < backoff.free) return 0;
  return Math.min(backoff.baseMs * 2 ** (count - backoff.free), backoff.capMs);
}

type Entry = { count: number; resetAt: number; lastAt: number };

/** One process's counters; synchronous inside, so check-and-count cannot interleave. */
function memoryStore(map: Map<string, Entry>): CounterStore {
  const live = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry && entry.resetAt <= Date.now()) map.delete(key);
    return map.get(key);
  };
  const waitFor = (limits: Limit[], now: number): number => {
    let wait = 0;
    for (const limit of limits) {
      const entry = live(limit.key);
      if (!entry) continue;
      if (entry.count >= limit.max) wait = Math.max(wait, entry.resetAt - now);
      else wait = Math.max(wait, entry.lastAt + backoffDelay(limit, entry.count) - now);
    }
    return Math.max(wait, 0);
  };
  return {
    async take(limits) {
      const now = Date.now();
      const wait = waitFor(limits, now);
      if (wait > 0) return wait;
      for (const limit of limits) {
        const entry = live(limit.key);
        if (entry) {
          entry.count += 1;
          entry.lastAt = now;
        } else map.set(limit.key, { count: 1, resetAt: now + limit.windowMs, lastAt: now });
      }
      // An attacker cycling emails must not grow the map without bound.
      if (map.size > 50_000) for (const key of map.keys()) live(key);
      return 0;
    },
    async peek(limits) {
      return waitFor(limits, Date.now());
    },
    async giveBack(keys) {
      for (const key of keys) {
        const entry = live(key);
        if (entry) entry.count = Math.max(entry.count - 1, 0);
      }
    },
    async reset(keys) {
      for (const key of keys) map.delete(key);
    },
    async remember(key, ttlMs) {
      map.set(key, { count: 0, resetAt: Date.now() + ttlMs, lastAt: 0 });
    },
    async remembers(key) {
      return live(key) !== undefined;
    },
  };
}

// Every limit checked, then every one counted, in one script: instances cannot slip in between.
// ARGV: take (1) or peek (0), then per key: max, windowMs, free, baseMs, capMs. Redis's clock.
const TAKE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local o = 1 + (i - 1) * 5
  local max, free, base, cap = tonumber(ARGV[o + 1]), tonumber(ARGV[o + 3]), tonumber(ARGV[o + 4]), tonumber(ARGV[o + 5])
  local v = redis.call('HMGET', key, 'n', 'last')
  local n = tonumber(v[1]) or 0
  if n >= max then
    wait = math.max(wait, redis.call('PTTL', key))
  elseif free > 0 and n >= free then
    wait = math.max(wait, (tonumber(v[2]) or 0) + math.min(base * 2 ^ (n - free), cap) - now)
  end
end
if wait > 0 then return math.ceil(wait) end
if ARGV[1] == '0' then return 0 end
for i, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'n', 1)
  redis.call('HSET', key, 'last', now)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1 + (i - 1) * 5 + 2]) end
end
return 0`;

// Only counters whose window is still open: one that ended has nothing to hand back.
const GIVE_BACK = `for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 and redis.call('HINCRBY', key, 'n', -1) < 0 then
    redis.call('HSET', key, 'n', 0)
  end
end`;

function redisStore(redis: Redis): CounterStore {
  const run = (mode: "1" | "0", limits: Limit[]) => {
    if (limits.length === 0) return Promise.resolve(0);
    const args = limits.flatMap((limit) => [
      limit.max,
      limit.windowMs,
      limit.backoff?.free ?? 0,
      limit.backoff?.baseMs ?? 0,
      limit.backoff?.capMs ?? 0,
    ]);
    const keys = limits.map((limit) => limit.key);
    return redis.eval(TAKE, keys.length, ...keys, mode, ...args).then(Number);
  };
  return {
    take: (limits) => run("1", limits),
    peek: (limits) => run("0", limits),
    async giveBack(keys) {
      if (keys.length > 0) await redis.eval(GIVE_BACK, keys.length, ...keys);
    },
    async reset(keys) {
      if (keys.length > 0) await redis.del(...keys);
    },
    async remember(key, ttlMs) {
      await redis.set(key, "1", "PX", ttlMs);
    },
    async remembers(key) {
      return (await redis.exists(key)) === 1;
    },
  };
}

function withFallback(primary: CounterStore, backup: CounterStore): CounterStore {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, spare: (...args: A) => Promise<R>) =>
    (...args: A) =>
      fn(...args).catch(() => spare(...args));
  return {
    take: guard(primary.take, backup.take),
    peek: guard(primary.peek, backup.peek),
    giveBack: guard(primary.giveBack, backup.giveBack),
    reset: guard(primary.reset, backup.reset),
    remember: guard(primary.remember, backup.remember),
    remembers: guard(primary.remembers, backup.remembers),
  };
}

/**
 * Redis when REDIS_URL is set, so every instance counts the same attempts; when Redis is
 * unreachable, each process counts on its own rather than letting attempts through unthrottled.
 * One per process, held by its services (lib/services): Next bundles route handlers and server
 * actions apart, and both must count into the same memory.
 */
export class CounterStores {
  private readonly memory = new Map<string, Entry>();
  private readonly redis = new Map<string, Redis>();

  /** The store for this Redis URL (read each time: tests point it elsewhere), else memory. */
  current(redisUrl: string | undefined): CounterStore {
    const memory = memoryStore(this.memory);
    if (!redisUrl) return memory;
    let redis = this.redis.get(redisUrl);
    if (!redis) {
      redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
      // Reported by the failing command instead; the store falls back to memory then.
      redis.on("error", () => {});
      this.redis.set(redisUrl, redis);
    }
    return withFallback(redisStore(redis), memory);
  }

  close(): void {
    for (const redis of this.redis.values()) redis.disconnect();
    this.redis.clear();
  }
}
