/**
 * The spend store's scripts: each runs whole inside Redis, so every instance sharing it sees one
 * balance and one set of caps. Per account (one hash tag, one Cluster slot):
 *   dz:cr:{a}             hash  credit, ver (entries counted in credit), spent, held
 *   dz:cr:{a}:hold        zset  request id → lease end (ms, Redis' clock)
 *   dz:cr:{a}:hv          hash  request id → "amount|mode|keyId|month"
 *   dz:cr:{a}:m:<month>   hash  "" (account) and each key id → spend this month, holds included
 */

/** Release every hold whose lease ended (its instance died mid-call). KEYS 1-3 as hold. */
export const SWEEP = `
local function release(id)
  local v = redis.call('HGET', KEYS[3], id)
  redis.call('ZREM', KEYS[2], id)
  if not v then return end
  redis.call('HDEL', KEYS[3], id)
  local amount, mode, key, month = string.match(v, '^(%d+)|(%a+)|(.*)|(.+)$')
  amount = tonumber(amount)
  if mode == 'credit' then redis.call('HINCRBY', KEYS[1], 'held', -amount) end
  local mk = KEYS[1] .. ':m:' .. month
  if redis.call('EXISTS', mk) == 1 then
    redis.call('HINCRBY', mk, '', -amount)
    redis.call('HINCRBY', mk, key, -amount)
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do release(id) end
`;

/**
 * hold: KEYS 1 account hash, 2 hold zset, 3 hold values, 4 this month's spend.
 * ARGV 1 request id, 2 key id, 3 amount, 4 month, 5 account cap (-1 none), 6 key cap (-1 none),
 *      7 postpaid (1/0), 8 lease ms, 9 month TTL s.
 * Returns {status (0 ok, 1 no funds, 2 account cap, 3 key cap), mode (1 credit, 2 postpaid)}.
 */
export const HOLD_LUA = `${SWEEP}
local amount = tonumber(ARGV[3])
local a = redis.call('HMGET', KEYS[1], 'credit', 'spent', 'held')
local available = tonumber(a[1] or '0') - tonumber(a[2] or '0') - tonumber(a[3] or '0')
local mode = 0
if available > 0 and available >= amount then mode = 1
elseif ARGV[7] == '1' then mode = 2
else return {1, 0} end
local s = redis.call('HMGET', KEYS[4], '', ARGV[2])
local accountSpend = tonumber(s[1] or '0')
local keySpend = tonumber(s[2] or '0')
local accountCap = tonumber(ARGV[5])
local keyCap = tonumber(ARGV[6])
if accountCap >= 0 and accountSpend + amount > accountCap then return {2, 0} end
if keyCap >= 0 and keySpend + amount > keyCap then return {3, 0} end
redis.call('HINCRBY', KEYS[4], '', amount)
redis.call('HINCRBY', KEYS[4], ARGV[2], amount)
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[9]))
local name = 'postpaid'
if mode == 1 then
  name = 'credit'
  redis.call('HINCRBY', KEYS[1], 'held', amount)
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[8]), ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], amount .. '|' .. name .. '|' .. ARGV[2] .. '|' .. ARGV[4])
return {0, mode}
`;

/**
 * settle: release the hold (if its lease has not ended) and count the charge.
 * KEYS as hold. ARGV 1 request id, 2 key id, 3 charged, 4 mode, 5 month TTL s.
 */
export const SETTLE_LUA = `${SWEEP}
release(ARGV[1])
local charged = tonumber(ARGV[3])
if charged > 0 then
  if ARGV[4] == 'credit' then redis.call('HINCRBY', KEYS[1], 'spent', charged) end
  redis.call('HINCRBY', KEYS[4], '', charged)
  redis.call('HINCRBY', KEYS[4], ARGV[2], charged)
  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[5]))
end
return 1
`;

/**
 * apply one ledger snapshot: credit when it is at least as new; spent and the month's spend
 * only where Redis holds none yet (Redis also counts charges not written to the ledger yet).
 * KEYS 1 account hash, 2 this month's spend. ARGV 1 credit, 2 version, 3 spent, 4 month TTL s,
 * then key id, amount pairs.
 */
export const APPLY_LUA = `
local ver = redis.call('HGET', KEYS[1], 'ver')
if not ver then
  redis.call('HSET', KEYS[1], 'credit', ARGV[1], 'ver', ARGV[2], 'spent', ARGV[3], 'held', 0)
elseif tonumber(ARGV[2]) >= tonumber(ver) then
  redis.call('HSET', KEYS[1], 'credit', ARGV[1], 'ver', ARGV[2])
end
if #ARGV > 4 and redis.call('EXISTS', KEYS[2]) == 0 then
  local total = 0
  for i = 5, #ARGV, 2 do
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    total = total + tonumber(ARGV[i + 1])
  end
  redis.call('HSET', KEYS[2], '', total)
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
end
return 1
`;

/** available: KEYS 1 account hash. */
export const AVAILABLE_LUA = `
local a = redis.call('HMGET', KEYS[1], 'credit', 'spent', 'held')
return tonumber(a[1] or '0') - tonumber(a[2] or '0') - tonumber(a[3] or '0')
`;
