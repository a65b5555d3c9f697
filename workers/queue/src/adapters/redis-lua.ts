/** Lua scripts of the Redis queue adapter, one per state change; the key layout is in redis-lua-common.ts. */
import { luaCommon } from './redis-lua-common'

const script = (body: string) => luaCommon + body

/** ARGV: P q id body fn ns max processAt now group idemKey idemTtlMs → {id, created} */
export const enqueueLua = script(`
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[9])
if ARGV[11] ~= '' then
  local ik = P .. 'idem:' .. ARGV[11]
  local first = redis.call('GET', ik)
  if first then return {first, 0} end
  redis.call('SET', ik, id, 'PX', ARGV[12])
end
local jk = jkey(q, id)
if redis.call('EXISTS', jk) == 1 then return {id, 0} end
local seq = redis.call('INCR', P .. 'seq')
redis.call('HSET', jk, 'body', ARGV[4], 'fn', ARGV[5], 'ns', ARGV[6], 'fk', ARGV[6] .. '\\0' .. ARGV[5], 'max', ARGV[7], 'att', 0, 'st', 0, 'pat', ARGV[8], 'seq', seq)
if ARGV[10] ~= '' then redis.call('HSET', jk, 'g', ARGV[10]) end
redis.call('SADD', P .. 'queues', q)
admit(q, id, now)
return {id, 1}
`)

/** ARGV: P q now leaseMs max tokenBase fk… → {rows {id body fn ns max att st pat g tok lu}, fks with work left} */
export const claimLua = script(`
local q, now, max, tokBase = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[5]), ARGV[6]
local lu = now + tonumber(ARGV[4])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', k(q, 'delayed'), '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', k(q, 'delayed'), id)
  local v = redis.call('HMGET', jkey(q, id), 'seq', 'fk')
  ready(q, id, v[1], v[2])
end
local cands = {}
for i = 7, #ARGV do
  local got = redis.call('ZRANGE', k(q, 'r:' .. ARGV[i]), 0, max - 1, 'WITHSCORES')
  for j = 1, #got, 2 do cands[#cands + 1] = {tonumber(got[j + 1]), got[j], ARGV[i]} end
end
table.sort(cands, function(a, b) return a[1] < b[1] end)
local out = {}
for i = 1, math.min(max, #cands) do
  local id, fk = cands[i][2], cands[i][3]
  redis.call('ZREM', k(q, 'r:' .. fk), id)
  if redis.call('HINCRBY', k(q, 'fkc'), fk, -1) <= 0 then redis.call('HDEL', k(q, 'fkc'), fk) end
  local tok = tokBase .. ':' .. i
  redis.call('ZADD', k(q, 'active'), lu, id)
  local jk = jkey(q, id)
  redis.call('HSET', jk, 'tok', tok, 'lu', lu, 'state', 'a')
  local v = redis.call('HMGET', jk, 'body', 'fn', 'ns', 'max', 'att', 'st', 'pat', 'g')
  out[#out + 1] = {id, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] or '', tok, string.format('%.0f', lu)}
end
if #out > 0 then redis.call('DECRBY', k(q, 'depth'), #out) end
return {out, redis.call('HKEYS', k(q, 'fkc'))}
`)

/** ARGV: P q id token until → 1 | 0 */
export const renewLua = script(`
local q, id = ARGV[2], ARGV[3]
if not held(q, id, ARGV[4]) then return 0 end
redis.call('ZADD', k(q, 'active'), 'XX', ARGV[5], id)
redis.call('HSET', jkey(q, id), 'lu', ARGV[5])
return 1
`)

/** ARGV: P q id token now → 1 | 0 */
export const ackLua = script(`
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
if not held(q, id, ARGV[4]) then return 0 end
unlease(q, id)
advance(q, id, now)
redis.call('DEL', jkey(q, id))
return 1
`)

/** ARGV: P q id token now attempts processAt → 1 | 0 */
export const retryLua = script(`
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
if not held(q, id, ARGV[4]) then return 0 end
unlease(q, id)
redis.call('HSET', jkey(q, id), 'att', ARGV[6], 'pat', ARGV[7])
requeue(q, id, now)
return 1
`)

/** ARGV: P q id token now attempts error → 1 | 0 */
export const deadLetterLua = script(`
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
if not held(q, id, ARGV[4]) then return 0 end
unlease(q, id)
redis.call('HSET', jkey(q, id), 'att', ARGV[6])
dead(q, id, ARGV[7], now)
return 1
`)

/** ARGV: P q id token now → 1 | 0 */
export const releaseLua = script(`
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
if not held(q, id, ARGV[4]) then return 0 end
unlease(q, id)
requeue(q, id, now)
return 1
`)

/** ARGV: P now maxStalls → flat {queue id stalls dead(0|1)}… over every queue */
export const reapLua = script(`
local now, maxStalls = tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for _, q in ipairs(redis.call('SMEMBERS', P .. 'queues')) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', k(q, 'active'), '-inf', now, 'LIMIT', 0, 500)) do
    unlease(q, id)
    local st = redis.call('HINCRBY', jkey(q, id), 'st', 1)
    if st >= maxStalls then
      dead(q, id, 'job stalled', now)
      out[#out + 1] = q; out[#out + 1] = id; out[#out + 1] = st; out[#out + 1] = 1
    else
      requeue(q, id, now)
      out[#out + 1] = q; out[#out + 1] = id; out[#out + 1] = st; out[#out + 1] = 0
    end
  end
end
return out
`)

const revive = `
local function revive(q, id, now)
  redis.call('HSET', jkey(q, id), 'att', 0, 'st', 0, 'pat', now, 'seq', redis.call('INCR', P .. 'seq'))
  redis.call('HDEL', jkey(q, id), 'err', 'fat')
  admit(q, id, now)
end
`

/** ARGV: P q now → redriven ids */
export const redriveLua = script(`${revive}
local q, now = ARGV[2], tonumber(ARGV[3])
local ids = redis.call('LRANGE', k(q, 'dlq'), 0, -1)
redis.call('DEL', k(q, 'dlq'))
for _, id in ipairs(ids) do revive(q, id, now) end
return ids
`)

/** ARGV: P q id now → 1 | 0 */
export const redriveOneLua = script(`${revive}
local q, id, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
if redis.call('LREM', k(q, 'dlq'), 1, id) == 0 then return 0 end
revive(q, id, now)
return 1
`)

/** ARGV: P q id → 1 | 0 */
export const discardLua = script(`
local q, id = ARGV[2], ARGV[3]
if redis.call('LREM', k(q, 'dlq'), 1, id) == 0 then return 0 end
redis.call('DEL', jkey(q, id))
return 1
`)

/** ARGV: P q offset limit → rows {id body fn ns max att st pat g err fat} */
export const dlqLua = script(`
local q, off, lim = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local out = {}
for _, id in ipairs(redis.call('LRANGE', k(q, 'dlq'), off, off + lim - 1)) do
  local v = redis.call('HMGET', jkey(q, id), 'body', 'fn', 'ns', 'max', 'att', 'st', 'pat', 'g', 'err', 'fat')
  out[#out + 1] = {id, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] or '', v[9] or '', v[10] or '0'}
end
return out
`)

/** ARGV: P topic holdingQueue id body now → number of subscription jobs */
export const publishLua = script(`
local topic, holdQ, id, body, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local recs = live(topic, now)
if #recs == 0 then
  create(holdQ, id, body, '', '', 1, '', now)
  return 0
end
fanout(recs, id, body, now)
return #recs
`)

/** ARGV: P topic subKey record bindingId until now holdingQueue queue → moved count */
export const subscribeLua = script(`
local topic, subKey, now, holdQ = ARGV[2], ARGV[3], tonumber(ARGV[7]), ARGV[8]
local hadLive = #live(topic, now) > 0
redis.call('HSET', P .. 'subs:' .. topic, subKey, ARGV[4])
redis.call('ZADD', P .. 'subb:' .. topic, ARGV[6], ARGV[5] .. '\\n' .. subKey)
redis.call('ZREMRANGEBYSCORE', P .. 'subb:' .. topic, '-inf', now)
redis.call('SADD', P .. 'queues', ARGV[9])
if hadLive then return 0 end
local recs = live(topic, now)
local fk = '\\0'
local rk = k(holdQ, 'r:' .. fk)
local ids = redis.call('ZRANGE', rk, 0, -1)
for _, id in ipairs(ids) do
  fanout(recs, id, redis.call('HGET', jkey(holdQ, id), 'body'), now)
  redis.call('DEL', jkey(holdQ, id))
end
redis.call('DEL', rk)
redis.call('HDEL', k(holdQ, 'fkc'), fk)
redis.call('DECRBY', k(holdQ, 'depth'), #ids)
return #ids
`)

/** ARGV: P topic subKey bindingId now */
export const unsubscribeLua = script(`
local topic, subKey, now = ARGV[2], ARGV[3], tonumber(ARGV[5])
local zk = P .. 'subb:' .. topic
redis.call('ZREM', zk, ARGV[4] .. '\\n' .. subKey)
for _, m in ipairs(redis.call('ZRANGEBYSCORE', zk, '(' .. now, '+inf')) do
  if string.match(m, '^[^\\n]*\\n(.*)$') == subKey then return 0 end
end
redis.call('HDEL', P .. 'subs:' .. topic, subKey)
return 1
`)

/** ARGV: P topic now → live subscription records (JSON) */
export const subscriptionsLua = script(`
return live(ARGV[2], tonumber(ARGV[3]))
`)

/** Every script by name. */
export const luaScripts = {
  enqueue: enqueueLua,
  claim: claimLua,
  renew: renewLua,
  ack: ackLua,
  retry: retryLua,
  deadLetter: deadLetterLua,
  release: releaseLua,
  reap: reapLua,
  redrive: redriveLua,
  redriveOne: redriveOneLua,
  discard: discardLua,
  dlq: dlqLua,
  publish: publishLua,
  subscribe: subscribeLua,
  unsubscribe: unsubscribeLua,
  subscriptions: subscriptionsLua,
} as const
