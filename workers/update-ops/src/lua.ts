import { luaApply } from './lua-apply'
import { luaJsonCodec } from './lua-json'

/**
 * The update ops (BUILTINS.md §0.3) for Redis scripts, with the same semantics as
 * `applyUpdateOps`. Embed it at the top of a script: it defines one local table,
 *
 * - `iii_update.apply(current_json, ops_json)` → `new_json, errors_json`, where `current_json`
 *   is the stored JSON text or `false`/`nil` when the key is absent, and `ops_json` is an op
 *   list already checked by `parseUpdateOps` (send `JSON.stringify(parseUpdateOps(ops))`);
 * - `iii_update.decode(text)` / `iii_update.encode(value)`, the codec it uses (arrays keep
 *   the `iii_update.ARR` metatable, JSON null is `iii_update.NULL`).
 *
 * Object key order is not preserved through the codec (JSON objects are unordered).
 *
 * @example
 * const script = `${updateOpsLua}
 * local new_json, errors_json = iii_update.apply(redis.call('GET', KEYS[1]), ARGV[1])
 * redis.call('SET', KEYS[1], new_json)
 * return errors_json`
 */
export const updateOpsLua = `
local iii_update = (function()
${luaJsonCodec}
${luaApply}
  return {
    NULL = NULL,
    ARR = ARR,
    decode = json_decode,
    encode = json_encode,
    apply = function(current_json, ops_json)
      local current = nil
      if current_json then current = json_decode(current_json) end
      local value, errors = update_apply(current, json_decode(ops_json))
      return json_encode(value), json_encode(errors)
    end,
  }
end)()
`
