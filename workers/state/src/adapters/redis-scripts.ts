import { createHash } from 'node:crypto'
import { updateOpsLua } from '@iii/update-ops'
import type Redis from 'ioredis'

/** A Lua script with its SHA, run by EVALSHA with an EVAL fallback. */
export interface LuaScript {
  lua: string
  sha: string
}

const script = (lua: string): LuaScript => ({
  lua,
  sha: createHash('sha1').update(lua).digest('hex'),
})

/** Runs a script; a server that has not cached it yet (NOSCRIPT) gets the source once. */
export async function runScript(
  redis: Redis,
  s: LuaScript,
  { keys, args }: { keys: string[]; args: (string | number)[] },
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args)
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err
    return redis.eval(s.lua, keys.length, ...keys, ...args)
  }
}

/*
 * Every script takes KEYS[1] = the scope's hash, KEYS[2] = the set of scope names, and keeps
 * the set in step with the hashes: a scope is listed while its hash has a field.
 */

/** ARGV: key, value JSON, scope. Returns the previous JSON or nil. */
export const setScript = script(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return old`)

/** ARGV: key, scope. Returns the previous JSON or nil. */
export const deleteScript = script(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  redis.call('HDEL', KEYS[1], ARGV[1])
  if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
end
return old`)

/**
 * ARGV: key, checked ops JSON, max bytes (0 = unlimited), scope. Read, apply and write happen
 * in one script, so concurrent updates never lose a change. Returns `{0, bytes}` when the result
 * is too large (nothing written), else `{1, old JSON or nil, new JSON, errors JSON}`.
 */
export const updateScript = script(`${updateOpsLua}
local old = redis.call('HGET', KEYS[1], ARGV[1])
local new_json, errors_json = iii_update.apply(old, ARGV[2])
local max = tonumber(ARGV[3])
if max > 0 and #new_json > max then return { 0, #new_json } end
redis.call('HSET', KEYS[1], ARGV[1], new_json)
redis.call('SADD', KEYS[2], ARGV[4])
return { 1, old, new_json, errors_json }`)
