import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * admit: checks every window and, when all pass, counts the request and reserves tokens — one
 * script, so it is atomic across every instance sharing this Redis. The per-minute window is a
 * sliding log (a sorted set of admission times on Redis' own clock, so instances with skewed
 * clocks agree); the day windows are counters keyed by the calendar day. With a key's own limits
 * its three windows are checked and counted in the same script: a call passes both or neither.
 *
 * KEYS: 1 minute log, 2 day requests, 3 day tokens; with a key: 4–6 the same for the key.
 * ARGV: 1 rpm (-1 = unlimited), 2 rpd, 3 tpd, 4 prompt tokens (-1 = not a token call),
 *       5 output tokens wanted, 6 day key TTL seconds, 7 request id; with a key: 8 key rpm,
 *       9 key rpd, 10 key tpd.
 * Returns {status (0 ok, 1 rpm, 2 rpd, 3 tpd, 4 key rpm, 5 key rpd, 6 key tpd), minuteCount,
 *          oldestMs, dayRequests, dayTokens, grantedOutput, nowMs, key minuteCount, key oldestMs,
 *          key dayRequests, key dayTokens}.
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
local hasKey = #KEYS == 6
local krpm, krpd, ktpd = -1, -1, -1
if hasKey then
  krpm = tonumber(ARGV[8])
  krpd = tonumber(ARGV[9])
  ktpd = tonumber(ARGV[10])
end
local function minute(log, limit)
  if limit < 0 then return 0, 0 end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - 60000)
  local count = redis.call('ZCARD', log)
  local first = 0
  if count > 0 then first = tonumber(redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')[2]) end
  return count, first
end
local minuteCount, oldest = minute(KEYS[1], rpm)
local dayRequests = tonumber(redis.call('GET', KEYS[2]) or '0')
local dayTokens = tonumber(redis.call('GET', KEYS[3]) or '0')
local kMinute, kOldest, kRequests, kTokens = 0, 0, 0, 0
if hasKey then
  kMinute, kOldest = minute(KEYS[4], krpm)
  kRequests = tonumber(redis.call('GET', KEYS[5]) or '0')
  kTokens = tonumber(redis.call('GET', KEYS[6]) or '0')
end
local function reply(status, grant)
  return {status, minuteCount, oldest, dayRequests, dayTokens, grant, now, kMinute, kOldest, kRequests, kTokens}
end
if rpm >= 0 and minuteCount >= rpm then return reply(1, 0) end
if rpd >= 0 and dayRequests >= rpd then return reply(2, 0) end
if krpm >= 0 and kMinute >= krpm then return reply(4, 0) end
if krpd >= 0 and kRequests >= krpd then return reply(5, 0) end
local grant = 0
local reserve = 0
if prompt >= 0 then
  grant = want
  if tpd >= 0 then
    local left = tpd - dayTokens - prompt
    if left < 1 then return reply(3, 0) end
    if grant > left then grant = left end
  end
  if ktpd >= 0 then
    local left = ktpd - kTokens - prompt
    if left < 1 then return reply(6, 0) end
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
if hasKey then
  if krpm >= 0 then
    redis.call('ZADD', KEYS[4], now, ARGV[7])
    redis.call('PEXPIRE', KEYS[4], 61000)
    kMinute = kMinute + 1
    if kOldest == 0 then kOldest = now end
  end
  kRequests = redis.call('INCR', KEYS[5])
  redis.call('EXPIRE', KEYS[5], ttl)
  if reserve > 0 then
    kTokens = redis.call('INCRBY', KEYS[6], reserve)
    redis.call('EXPIRE', KEYS[6], ttl)
  end
end
return reply(0, grant)
`;

/**
 * settle: replace a reservation by the real usage (a negative delta releases). A counter that
 * expired (the day is over) is left alone rather than re-created.
 * KEYS: the day-token counters holding the reservation (the account's, and the key's). ARGV: 1 delta.
 */
export const SETTLE_LUA = `
for _, counter in ipairs(KEYS) do
  if redis.call('EXISTS', counter) == 1 then
    local v = redis.call('INCRBY', counter, ARGV[1])
    if v < 0 then redis.call('SET', counter, 0, 'KEEPTTL') end
  end
end
return 1
`;

/** peek: the same reads as admit, counting nothing. KEYS as admit; ARGV: 1 rpm, 2 key rpm. */
export const PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function minute(log, limit)
  if limit < 0 then return 0, 0 end
  local cutoff = '(' .. tostring(now - 60000)
  local count = redis.call('ZCOUNT', log, cutoff, '+inf')
  local first = redis.call('ZRANGEBYSCORE', log, cutoff, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  local oldest = 0
  if #first > 0 then oldest = tonumber(first[2]) end
  return count, oldest
end
local minuteCount, oldest = minute(KEYS[1], tonumber(ARGV[1]))
local dayRequests = tonumber(redis.call('GET', KEYS[2]) or '0')
local dayTokens = tonumber(redis.call('GET', KEYS[3]) or '0')
local kMinute, kOldest, kRequests, kTokens = 0, 0, 0, 0
if #KEYS == 6 then
  kMinute, kOldest = minute(KEYS[4], tonumber(ARGV[2]))
  kRequests = tonumber(redis.call('GET', KEYS[5]) or '0')
  kTokens = tonumber(redis.call('GET', KEYS[6]) or '0')
end
return {0, minuteCount, oldest, dayRequests, dayTokens, 0, now, kMinute, kOldest, kRequests, kTokens}
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
