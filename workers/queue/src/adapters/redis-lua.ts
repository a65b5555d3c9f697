/** Lua scripts of the Redis queue adapter: each store call is one script, so it is atomic; the key layout is in redis-lua-common.ts. */
import { script } from './redis-lua-common'
import { renewLua, settleLua } from './redis-lua-settle'

/** Fields per job of the enqueue script: q id body fn ns max processAt group idemKey idemTtlMs. */
export const enqueueFieldCount = 10

/** ARGV: P now n, then n × (q id body fn ns max processAt group idemKey idemTtlMs) → flat {id, created}… */
export const enqueueLua = script(`
local now, n = tonumber(ARGV[2]), tonumber(ARGV[3])
local seq = redis.call('INCRBY', P .. 'seq', n) - n
local out, queues = {}, {}
for i = 0, n - 1 do
  local a = 3 + i * 10
  local q, id, g, ik = ARGV[a + 1], ARGV[a + 2], ARGV[a + 8], ARGV[a + 9]
  local first = false
  if ik ~= '' then
    first = redis.call('GET', P .. 'idem:' .. ik)
    if not first then redis.call('SET', P .. 'idem:' .. ik, id, 'PX', ARGV[a + 10]) end
  end
  local jk = jkey(q, id)
  if first then
    out[#out + 1] = first; out[#out + 1] = 0
  elseif redis.call('EXISTS', jk) == 1 then
    out[#out + 1] = id; out[#out + 1] = 0
  else
    seq = seq + 1
    local fn, ns, pat = ARGV[a + 4], ARGV[a + 5], ARGV[a + 7]
    local fk = ns .. '\\0' .. fn
    redis.call('HSET', jk, 'body', ARGV[a + 3], 'fn', fn, 'ns', ns, 'fk', fk, 'max', ARGV[a + 6], 'att', 0, 'st', 0, 'pat', pat, 'seq', seq, 'state', 'w')
    if g ~= '' then redis.call('HSET', jk, 'g', g) end
    queues[q] = true
    admit(q, id, g, now, pat, seq, fk)
    out[#out + 1] = id; out[#out + 1] = 1
  end
end
for q in pairs(queues) do redis.call('SADD', P .. 'queues', q) end
return out
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

/** ARGV: P now maxStalls → flat {queue id stalls fate}… over every queue; fate 0 requeued, 1 dead, 2 returned (reserved) */
export const reapLua = script(`
local now, maxStalls = tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for _, q in ipairs(redis.call('SMEMBERS', P .. 'queues')) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', k(q, 'active'), '-inf', now, 'LIMIT', 0, 500)) do
    local jk = jkey(q, id)
    local v = redis.call('HMGET', jk, 'state', 'st')
    unlease(q, id)
    local st, fate = tonumber(v[2]) or 0, 0
    if v[1] == 'r' then
      fate = 2
      requeue(q, id, now)
    else
      st = redis.call('HINCRBY', jk, 'st', 1)
      if st >= maxStalls then
        fate = 1
        dead(q, id, 'job stalled', now)
      else
        requeue(q, id, now)
      end
    end
    out[#out + 1] = q; out[#out + 1] = id; out[#out + 1] = st; out[#out + 1] = fate
  end
end
return out
`)

const revive = `
local function revive(q, id, now)
  local jk = jkey(q, id)
  redis.call('HSET', jk, 'att', 0, 'st', 0, 'pat', now, 'seq', redis.call('INCR', P .. 'seq'), 'state', 'w')
  redis.call('HDEL', jk, 'err', 'fat')
  admit(q, id, redis.call('HGET', jk, 'g'), now)
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
  settle: settleLua,
  renew: renewLua,
  retry: retryLua,
  deadLetter: deadLetterLua,
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
