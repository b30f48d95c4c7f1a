import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * admit: checks every window and, when all pass, counts the request and reserves tokens — one
 * script, so it is atomic across every instance sharing this Redis. The per-minute window is a
 * sliding log (a sorted set of admission times on Redis' own clock, so instances with skewed
 * clocks agree); the day windows are counters keyed by the calendar day.
 *
 * KEYS: 1 minute log, 2 day requests, 3 day tokens.
 * ARGV: 1 rpm (-1 = unlimited), 2 rpd, 3 tpd, 4 prompt tokens (-1 = not a token call),
 *       5 output tokens wanted, 6 day key TTL seconds, 7 request id.
 * Returns {status (0 ok, 1 rpm, 2 rpd, 3 tpd), minuteCount, oldestMs, dayRequests, dayTokens,
 *          grantedOutput, nowMs}.
 */
export const ADMIT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rpm = tonumber(ARGV[1])
local rpd = tonumber(ARGV[2])
local tpd = tonumber(ARGV[3])
local prompt = tonumber(ARGV[4])
local want = tonumber(ARGV[5])
local ttl = tonumber(ARGV[6])
local minuteCount = 0
local oldest = 0
if rpm >= 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
  minuteCount = redis.call('ZCARD', KEYS[1])
  if minuteCount > 0 then
    oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  end
end
local dayRequests = tonumber(redis.call('GET', KEYS[2]) or '0')
local dayTokens = tonumber(redis.call('GET', KEYS[3]) or '0')
if rpm >= 0 and minuteCount >= rpm then
  return {1, minuteCount, oldest, dayRequests, dayTokens, 0, now}
end
if rpd >= 0 and dayRequests >= rpd then
  return {2, minuteCount, oldest, dayRequests, dayTokens, 0, now}
end
local grant = 0
local reserve = 0
if prompt >= 0 then
  grant = want
  if tpd >= 0 then
    local left = tpd - dayTokens - prompt
    if left < 1 then
      return {3, minuteCount, oldest, dayRequests, dayTokens, 0, now}
    end
    if grant > left then grant = left end
  end
  reserve = prompt + grant
end
if rpm >= 0 then
  redis.call('ZADD', KEYS[1], now, ARGV[7])
  redis.call('PEXPIRE', KEYS[1], 61000)
  minuteCount = minuteCount + 1
  if oldest == 0 then oldest = now end
end
dayRequests = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ttl)
if reserve > 0 then
  dayTokens = redis.call('INCRBY', KEYS[3], reserve)
  redis.call('EXPIRE', KEYS[3], ttl)
end
return {0, minuteCount, oldest, dayRequests, dayTokens, grant, now}
`;

/**
 * settle: replace a reservation by the real usage (a negative delta releases). A counter that
 * expired (the day is over) is left alone rather than re-created.
 * KEYS: 1 day tokens. ARGV: 1 delta.
 */
export const SETTLE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  local v = redis.call('INCRBY', KEYS[1], ARGV[1])
  if v < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
end
return 1
`;

/** peek: the same reads as admit, counting nothing. KEYS as admit; ARGV: 1 rpm. */
export const PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minuteCount = 0
local oldest = 0
if tonumber(ARGV[1]) >= 0 then
  local cutoff = '(' .. tostring(now - 60000)
  minuteCount = redis.call('ZCOUNT', KEYS[1], cutoff, '+inf')
  local first = redis.call('ZRANGEBYSCORE', KEYS[1], cutoff, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  if #first > 0 then oldest = tonumber(first[2]) end
end
local dayRequests = tonumber(redis.call('GET', KEYS[2]) or '0')
local dayTokens = tonumber(redis.call('GET', KEYS[3]) or '0')
return {0, minuteCount, oldest, dayRequests, dayTokens, 0, now}
`;

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server doesn't know it. */
export class Script {
  readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes("NOSCRIPT")) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
