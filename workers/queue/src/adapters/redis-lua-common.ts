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
 *
 * A job hash's `state` is `w` (waiting), `a` (active, running), `r` (active, reserved: claimed
 * ahead, not started) or `x` (dead). Its `tok` (the claim token) is set exactly while the job is
 * in `active`, so a matching token proves the claim still holds the job.
 *
 * Counter changes (`depth`, `fkc`) are summed while a script runs and written once by `flush()`,
 * which also publishes one wake-up `[q, fk]` per function whose ready set stopped being empty.
 * Every script ends with `flush()` (see `script` in redis-lua.ts).
 */
export const luaCommon = `
local P = ARGV[1]
local function k(q, part) return P .. '{' .. q .. '}:' .. part end
local function jkey(q, id) return k(q, 'j:' .. id) end
local depthD, fkcD, wakes, checked = {}, {}, {}, {}
local function addDepth(q, d) depthD[q] = (depthD[q] or 0) + d end
local function addFkc(q, fk, d)
  local t = fkcD[q]
  if not t then t = {}; fkcD[q] = t end
  t[fk] = (t[fk] or 0) + d
end
local function flush()
  for q, d in pairs(depthD) do if d ~= 0 then redis.call('INCRBY', k(q, 'depth'), d) end end
  for q, t in pairs(fkcD) do
    for fk, d in pairs(t) do
      if d ~= 0 and redis.call('HINCRBY', k(q, 'fkc'), fk, d) <= 0 then redis.call('HDEL', k(q, 'fkc'), fk) end
    end
  end
  for _, m in ipairs(wakes) do redis.call('PUBLISH', P .. 'wake', m) end
  depthD, fkcD, wakes = {}, {}, {}
end
-- Runs cmd [key] items… in chunks (Lua's unpack is bounded).
local function bulk(cmd, key, items)
  for i = 1, #items, 998 do
    local j = math.min(i + 997, #items)
    if key then redis.call(cmd, key, unpack(items, i, j)) else redis.call(cmd, unpack(items, i, j)) end
  end
end
local function ready(q, id, seq, fk)
  local rk = k(q, 'r:' .. fk)
  if not checked[rk] then
    checked[rk] = true
    if redis.call('EXISTS', rk) == 0 then wakes[#wakes + 1] = cjson.encode({q, fk}) end
  end
  redis.call('ZADD', rk, seq, id)
end
local function place(q, id, pat, seq, fk, now)
  addFkc(q, fk, 1)
  if tonumber(pat) > now then redis.call('ZADD', k(q, 'delayed'), pat, id) else ready(q, id, seq, fk) end
end
local function placeStored(q, id, now)
  local v = redis.call('HMGET', jkey(q, id), 'pat', 'seq', 'fk')
  place(q, id, v[1], v[2], v[3], now)
end
-- A job enters the waiting jobs (its hash has state 'w'); a FIFO job waits behind its group.
local function admit(q, id, g, now, pat, seq, fk)
  addDepth(q, 1)
  if g and g ~= '' and redis.call('RPUSH', k(q, 'g:' .. g), id) > 1 then return end
  if pat then place(q, id, pat, seq, fk, now) else placeStored(q, id, now) end
end
local function requeue(q, id, now)
  redis.call('HSET', jkey(q, id), 'state', 'w')
  addDepth(q, 1)
  placeStored(q, id, now)
end
-- The job left its FIFO group's head: the next job of the group becomes ready.
local function advance(q, id, g, now)
  if not g or g == '' then return end
  local gk = k(q, 'g:' .. g)
  if redis.call('LINDEX', gk, 0) ~= id then redis.call('LREM', gk, 1, id) return end
  redis.call('LPOP', gk)
  local nxt = redis.call('LINDEX', gk, 0)
  if nxt then placeStored(q, nxt, now) end
end
local function held(q, id, tok)
  return redis.call('HGET', jkey(q, id), 'tok') == tok
end
local function unlease(q, id)
  redis.call('ZREM', k(q, 'active'), id)
  redis.call('HDEL', jkey(q, id), 'tok')
end
local function dead(q, id, err, now)
  local jk = jkey(q, id)
  redis.call('HSET', jk, 'state', 'x', 'err', err, 'fat', now)
  redis.call('RPUSH', k(q, 'dlq'), id)
  advance(q, id, redis.call('HGET', jk, 'g'), now)
end
local function create(q, id, body, fn, ns, max, g, now)
  local jk = jkey(q, id)
  if redis.call('EXISTS', jk) == 1 then return 0 end
  local seq = redis.call('INCR', P .. 'seq')
  local fk = ns .. '\\0' .. fn
  redis.call('HSET', jk, 'body', body, 'fn', fn, 'ns', ns, 'fk', fk, 'max', max, 'att', 0, 'st', 0, 'pat', now, 'seq', seq, 'state', 'w')
  if g ~= '' then redis.call('HSET', jk, 'g', g) end
  redis.call('SADD', P .. 'queues', q)
  admit(q, id, g, now, now, seq, fk)
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

/** A script: the helpers, the body (which returns), then the counters written once. */
export const script = (body: string): string => `${luaCommon}
local function main()
${body}
end
local result = main()
flush()
return result
`
