/** The consumer's scripts of the Redis queue adapter: settle (acks, starts, releases, claim) and renew. */
import { script } from './redis-lua-common'

/** Claims from the ready sets of the given functions, oldest seq first; rows {id body fn ns max att st pat g tok}. */
const claimFns = `
local function promote(q, now)
  local due = redis.call('ZRANGEBYSCORE', k(q, 'delayed'), '-inf', now, 'LIMIT', 0, 1000)
  if #due == 0 then return end
  bulk('ZREM', k(q, 'delayed'), due)
  for _, id in ipairs(due) do
    local v = redis.call('HMGET', jkey(q, id), 'seq', 'fk')
    ready(q, id, v[1], v[2])
  end
end
local function candidates(q, fks, total)
  local c = {}
  if #fks == 1 then
    for i, id in ipairs(redis.call('ZRANGE', k(q, 'r:' .. fks[1]), 0, total - 1)) do c[i] = {i, id, fks[1]} end
    return c
  end
  for _, fk in ipairs(fks) do
    local got = redis.call('ZRANGE', k(q, 'r:' .. fk), 0, total - 1, 'WITHSCORES')
    for j = 1, #got, 2 do c[#c + 1] = {tonumber(got[j + 1]), got[j], fk} end
  end
  table.sort(c, function(a, b) return a[1] < b[1] end)
  return c
end
local function claim(q, now, lu, max, total, tokBase, fks)
  promote(q, now)
  local out = {}
  if total <= 0 or #fks == 0 then return out end
  local c = candidates(q, fks, total)
  local byFk, active = {}, {}
  for i = 1, math.min(total, #c) do
    local id, fk = c[i][2], c[i][3]
    local ids = byFk[fk]
    if not ids then ids = {}; byFk[fk] = ids end
    ids[#ids + 1] = id
    active[#active + 1] = lu; active[#active + 1] = id
    local tok, jk = tokBase .. ':' .. i, jkey(q, id)
    redis.call('HSET', jk, 'tok', tok, 'state', i <= max and 'a' or 'r')
    local v = redis.call('HMGET', jk, 'body', 'fn', 'ns', 'max', 'att', 'st', 'pat', 'g')
    out[i] = {id, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] or '', tok}
  end
  for fk, ids in pairs(byFk) do
    bulk('ZREM', k(q, 'r:' .. fk), ids)
    addFkc(q, fk, -#ids)
  end
  if #out > 0 then
    bulk('ZADD', k(q, 'active'), active)
    addDepth(q, -#out)
  end
  return out
end
`

/**
 * ARGV: P q now leaseMs tokBase max reserve nStart nAck nRelease, then nStart × (id tok),
 * nAck × (id tok), nRelease × (id tok), then the functions (fk) to claim from
 * → {acked, started and released flags, claimed rows, fks with work left, next due ('' = none)}.
 * Starts come first: a reserved job may start and finish before its start is sent. Then the
 * claim takes `max` running jobs and up to `reserve` more reserved ones.
 */
export const settleLua = script(`${claimFns}
local q, now, leaseMs, tokBase = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local max, reserve = tonumber(ARGV[6]), tonumber(ARGV[7])
local nStart, nAck, nRel = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local at = 10
local started = {}
for i = 1, nStart do
  local id, tok = ARGV[at + 1], ARGV[at + 2]
  at = at + 2
  if held(q, id, tok) then
    redis.call('HSET', jkey(q, id), 'state', 'a')
    started[i] = 1
  else
    started[i] = 0
  end
end
local acked, gone, keys = {}, {}, {}
for i = 1, nAck do
  local id, tok = ARGV[at + 1], ARGV[at + 2]
  at = at + 2
  local jk = jkey(q, id)
  local v = redis.call('HMGET', jk, 'tok', 'g')
  if v[1] == tok then
    acked[i] = 1; gone[#gone + 1] = id; keys[#keys + 1] = jk
    advance(q, id, v[2], now)
  else
    acked[i] = 0
  end
end
if #gone > 0 then
  bulk('ZREM', k(q, 'active'), gone)
  bulk('DEL', nil, keys)
end
local released = {}
for i = 1, nRel do
  local id, tok = ARGV[at + 1], ARGV[at + 2]
  at = at + 2
  if held(q, id, tok) then
    unlease(q, id)
    requeue(q, id, now)
    released[i] = 1
  else
    released[i] = 0
  end
end
local fks = {}
for i = at + 1, #ARGV do fks[#fks + 1] = ARGV[i] end
local rows = claim(q, now, now + leaseMs, max, max + reserve, tokBase, fks)
local due = ''
if #rows < max + reserve then
  local d = redis.call('ZRANGE', k(q, 'delayed'), 0, 0, 'WITHSCORES')
  if d[2] then due = d[2] end
end
flush()
return {acked, started, released, rows, redis.call('HKEYS', k(q, 'fkc')), due}
`)

/** ARGV: P until, then (q id tok)… → per job 1 (renewed) | 0 (no longer held) */
export const renewLua = script(`
local lu = ARGV[2]
local out, byQ = {}, {}
for i = 3, #ARGV, 3 do
  local q, id = ARGV[i], ARGV[i + 1]
  if held(q, id, ARGV[i + 2]) then
    local t = byQ[q]
    if not t then t = {}; byQ[q] = t end
    t[#t + 1] = lu; t[#t + 1] = id
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
for q, t in pairs(byQ) do
  for i = 1, #t, 998 do redis.call('ZADD', k(q, 'active'), 'XX', unpack(t, i, math.min(i + 997, #t))) end
end
return out
`)
