/**
 * Lua helpers of the Redis queue adapter, prepended to every script (redis-lua.ts). Every state
 * change is one script, so it is atomic. ARGV[1] is always the key prefix; keys are built in the
 * scripts (single-node Redis).
 *
 * Per queue q (`<prefix>{q}:…`): `j:<id>` job hash; `r:<fk>` ready jobs of one function (zset by
 * enqueue seq; fk = namespace NUL function_id); `delayed` (zset by process_at); `fkc` (hash fk →
 * ready+delayed count, so an engine lists the functions with work); `active` (zset by lease
 * expiry); `dlq` (list); `g:<group>` (FIFO group: its jobs in order, the head is the only one
 * ready, delayed or active); `depth` (waiting count). Global: `seq`, `queues`, `idem:<key>`,
 * `subs:<topic>` (hash subscription key → record), `subb:<topic>` (zset binding → alive until).
 */
export const luaCommon = `
local P = ARGV[1]
local function k(q, part) return P .. '{' .. q .. '}:' .. part end
local function jkey(q, id) return k(q, 'j:' .. id) end
local function ready(q, id, seq, fk)
  local rk = k(q, 'r:' .. fk)
  redis.call('ZADD', rk, seq, id)
  if redis.call('ZCARD', rk) == 1 then redis.call('PUBLISH', P .. 'wake', q) end
end
local function place(q, id, now)
  local v = redis.call('HMGET', jkey(q, id), 'pat', 'seq', 'fk')
  redis.call('HINCRBY', k(q, 'fkc'), v[3], 1)
  if tonumber(v[1]) > now then redis.call('ZADD', k(q, 'delayed'), v[1], id) else ready(q, id, v[2], v[3]) end
end
local function admit(q, id, now)
  local jk = jkey(q, id)
  redis.call('HSET', jk, 'state', 'w')
  redis.call('INCR', k(q, 'depth'))
  local g = redis.call('HGET', jk, 'g')
  if g and redis.call('RPUSH', k(q, 'g:' .. g), id) > 1 then return end
  place(q, id, now)
end
local function requeue(q, id, now)
  redis.call('HSET', jkey(q, id), 'state', 'w')
  redis.call('INCR', k(q, 'depth'))
  place(q, id, now)
end
local function advance(q, id, now)
  local g = redis.call('HGET', jkey(q, id), 'g')
  if not g then return end
  local gk = k(q, 'g:' .. g)
  if redis.call('LINDEX', gk, 0) ~= id then redis.call('LREM', gk, 1, id) return end
  redis.call('LPOP', gk)
  local nxt = redis.call('LINDEX', gk, 0)
  if nxt then place(q, nxt, now) end
end
local function held(q, id, tok)
  return redis.call('HGET', jkey(q, id), 'tok') == tok and redis.call('ZSCORE', k(q, 'active'), id) ~= false
end
local function unlease(q, id)
  redis.call('ZREM', k(q, 'active'), id)
  redis.call('HDEL', jkey(q, id), 'tok', 'lu')
end
local function dead(q, id, err, now)
  redis.call('HSET', jkey(q, id), 'state', 'x', 'err', err, 'fat', now)
  redis.call('RPUSH', k(q, 'dlq'), id)
  advance(q, id, now)
end
local function create(q, id, body, fn, ns, max, g, now)
  local jk = jkey(q, id)
  if redis.call('EXISTS', jk) == 1 then return 0 end
  local seq = redis.call('INCR', P .. 'seq')
  redis.call('HSET', jk, 'body', body, 'fn', fn, 'ns', ns, 'fk', ns .. '\\0' .. fn, 'max', max, 'att', 0, 'st', 0, 'pat', now, 'seq', seq)
  if g ~= '' then redis.call('HSET', jk, 'g', g) end
  redis.call('SADD', P .. 'queues', q)
  admit(q, id, now)
  return 1
end
local function live(topic, now)
  local members = redis.call('ZRANGEBYSCORE', P .. 'subb:' .. topic, '(' .. now, '+inf')
  local seen, recs = {}, {}
  for _, m in ipairs(members) do
    local key = string.match(m, '^[^\\n]*\\n(.*)$')
    if key and not seen[key] then
      seen[key] = true
      local rec = redis.call('HGET', P .. 'subs:' .. topic, key)
      if rec then recs[#recs + 1] = rec end
    end
  end
  return recs
end
local function fanout(recs, id, body, now)
  for _, rec in ipairs(recs) do
    local s = cjson.decode(rec)
    create(s.queue, id, body, s.function_id, s.namespace, s.max_attempts, s.fifo and 'fifo' or '', now)
  end
end
`
