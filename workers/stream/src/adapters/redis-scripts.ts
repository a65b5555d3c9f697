import { updateOpsLua } from '@iii/update-ops'

/**
 * Lua scripts for the Redis adapter. Each write touches the item hash and the group and stream
 * index sets in one script, so the indexes never disagree with the items.
 * KEYS: [items hash, groups set, streams set]. ARGV starts with the item id.
 */

/** ARGV: item, json, group, stream. Returns the previous JSON text or nil. */
export const setScript = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return old
`

/** ARGV: item, group, stream. Returns the deleted JSON text or nil; empty groups and streams leave the indexes. */
export const deleteScript = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[2])
  if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[3]) end
end
return old
`

/**
 * ARGV: item, ops JSON (already checked by `parseUpdateOps`), group, stream. Applies the shared
 * update-op semantics from @iii/update-ops inside Redis, so concurrent updates never lose a
 * write (BUILTINS.md §0.3). Returns [old JSON or false, new JSON, errors JSON].
 */
export const updateScript = `
${updateOpsLua}
local old = redis.call('HGET', KEYS[1], ARGV[1])
local new_json, errors_json = iii_update.apply(old, ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], new_json)
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return { old, new_json, errors_json }
`
