import { SWEEP } from "./redis-scripts";

/**
 * The lease's scripts (lease.ts), on the keys and hold format of redis-scripts.ts: a lease is a
 * hold named by the instance, so the sweep, the settle and `available` treat it like any hold.
 */

/**
 * take: the call's hold and, when the room allows, a lease for the calls after it, in one step.
 * KEYS as hold. ARGV 1 lease id, 2 request id, 3 key id, 4 amount, 5 month, 6 account cap (-1
 * none), 7 key cap (-1 none), 8 postpaid (1/0), 9 a call's hold ms, 10 month TTL s, 11 the lease
 * wanted, 12 the least worth leasing, 13 the share of the room one lease may take (it leases at
 * most room / share), 14 a lease's ms.
 * Returns {status (as hold), mode (1 credit, 2 postpaid), size}: size 0 is a hold of the call
 * alone under its request id (the room is too small to lease: nothing stranded in one instance).
 */
export const TAKE_LUA = `${SWEEP}
local amount = tonumber(ARGV[4])
local a = redis.call('HMGET', KEYS[1], 'credit', 'spent', 'held')
local available = tonumber(a[1] or '0') - tonumber(a[2] or '0') - tonumber(a[3] or '0')
local mode = 0
local room = -1
if available > 0 and available >= amount then
  mode = 1
  room = available
elseif ARGV[8] == '1' then mode = 2
else return {1, 0, 0} end
local s = redis.call('HMGET', KEYS[4], '', ARGV[3])
local accountSpend = tonumber(s[1] or '0')
local keySpend = tonumber(s[2] or '0')
local accountCap = tonumber(ARGV[6])
local keyCap = tonumber(ARGV[7])
if accountCap >= 0 and accountSpend + amount > accountCap then return {2, 0, 0} end
if keyCap >= 0 and keySpend + amount > keyCap then return {3, 0, 0} end
if accountCap >= 0 and (room < 0 or accountCap - accountSpend < room) then room = accountCap - accountSpend end
if keyCap >= 0 and (room < 0 or keyCap - keySpend < room) then room = keyCap - keySpend end
local size = tonumber(ARGV[11])
if room >= 0 then size = math.min(size, math.floor(room / tonumber(ARGV[13]))) end
local id = ARGV[1]
local ms = tonumber(ARGV[14])
if size < tonumber(ARGV[12]) then
  size = 0
  id = ARGV[2]
  ms = tonumber(ARGV[9])
end
local take = math.max(size, amount)
redis.call('HINCRBY', KEYS[4], '', take)
redis.call('HINCRBY', KEYS[4], ARGV[3], take)
redis.call('EXPIRE', KEYS[4], tonumber(ARGV[10]))
local name = 'postpaid'
if mode == 1 then
  name = 'credit'
  redis.call('HINCRBY', KEYS[1], 'held', take)
end
redis.call('ZADD', KEYS[2], now + ms, id)
redis.call('HSET', KEYS[3], id, take .. '|' .. name .. '|' .. ARGV[3] .. '|' .. ARGV[5])
return {0, mode, size}
`;

/**
 * spend: what calls drawn from a lease were charged moves from the lease's hold to spent (the
 * month's spend counted it already, as held), and the lease lives on. A lease already swept
 * (its instance stalled past it) counts the charge as a settle would.
 * KEYS as hold. ARGV 1 lease id, 2 charged, 3 mode, 4 key id, 5 month TTL s, 6 a lease's ms.
 */
export const SPEND_LUA = `${SWEEP}
local charged = tonumber(ARGV[2])
local v = redis.call('HGET', KEYS[3], ARGV[1])
if v then
  local amount, mode, key, month = string.match(v, '^(%d+)|(%a+)|(.*)|(.+)$')
  amount = tonumber(amount)
  local moved = math.min(charged, amount)
  redis.call('HSET', KEYS[3], ARGV[1], (amount - moved) .. '|' .. mode .. '|' .. key .. '|' .. month)
  if mode == 'credit' then
    redis.call('HINCRBY', KEYS[1], 'held', -moved)
    redis.call('HINCRBY', KEYS[1], 'spent', moved)
  end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[6]), ARGV[1])
  charged = charged - moved
end
if charged > 0 then
  if ARGV[3] == 'credit' then redis.call('HINCRBY', KEYS[1], 'spent', charged) end
  redis.call('HINCRBY', KEYS[4], '', charged)
  redis.call('HINCRBY', KEYS[4], ARGV[4], charged)
  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[5]))
end
return 1
`;
