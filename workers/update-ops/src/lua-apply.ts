import { refusedKeys, updateOpLimits, updateOpsDocUrl } from './types'

const { maxPathSegments, maxSegmentBytes, maxMergeDepth, maxMergeKeys } = updateOpLimits
const refusedList = refusedKeys.map((k) => `'${k}'`).join(', ')

/**
 * `applyUpdateOps` in Lua, rule for rule and message for message (the JS version in
 * keyed-ops.ts / nested-ops.ts is the reference; one table-driven test runs both). Needs the
 * codec locals from lua-json.ts. Ops must have been checked by `parseUpdateOps` first.
 *
 * Defines `update_apply(current, ops)` → `value, errors` (`current` is nil when absent).
 */
export const luaApply = `
local REFUSED = { ${refusedList} }

local function op_error(i, code, message)
  return { op_index = i, code = code, message = message, doc_url = '${updateOpsDocUrl}' }
end

local function is_object(v)
  return type(v) == 'table' and getmetatable(v) ~= ARR
end

local function kind_of(v)
  if v == nil or v == NULL then return 'null' end
  if type(v) == 'table' then
    if getmetatable(v) == ARR then return 'array' end
    return 'object'
  end
  return type(v)
end

local function is_refused(s)
  for _, k in ipairs(REFUSED) do
    if s == k then return true end
  end
  return false
end

local function to_segments(path)
  if path == nil or path == '' then return {} end
  if type(path) == 'string' then return { path } end
  return path
end

local function check_path(op_type, i, segs)
  local function fail(rule, message)
    return op_error(i, op_type .. '.path.' .. rule, message)
  end
  if #segs > ${maxPathSegments} then
    return fail('too_deep', 'path has ' .. #segs .. ' segments; the limit is ${maxPathSegments}')
  end
  for k = 1, #segs do
    local seg = segs[k]
    if seg == '' then return fail('empty_segment', 'path segment ' .. (k - 1) .. ' is empty') end
    if #seg > ${maxSegmentBytes} then
      return fail('segment_too_long', 'path segment ' .. (k - 1) .. ' is ' .. #seg .. ' bytes; the limit is ${maxSegmentBytes}')
    end
    if is_refused(seg) then
      return fail('proto_polluted', 'path segment ' .. (k - 1) .. ' is "' .. seg .. '", which is refused')
    end
  end
  return nil
end

local function root_object(v)
  if v == NULL then return {} end
  if is_object(v) then return v end
  return nil
end

local function not_object(op_type, i)
  return nil, op_error(i, op_type .. '.target_not_object', op_type .. ': the current value is not an object')
end

local function apply_set(value, op, i)
  if op.path == '' then return op.value end
  local err = check_path('set', i, { op.path })
  if err then return nil, err end
  local root = root_object(value)
  if not root then return not_object('set', i) end
  root[op.path] = op.value
  return root
end

local function apply_step(value, op, i)
  local err = check_path(op.type, i, { op.path })
  if err then return nil, err end
  local root = root_object(value)
  if not root then return not_object(op.type, i) end
  local by = op.by
  if op.type == 'decrement' then by = -by end
  local current = root[op.path]
  if current == nil then
    root[op.path] = by
  elseif type(current) == 'number' then
    root[op.path] = current + by
  else
    return nil, op_error(i, op.type .. '.not_number', op.type .. ': the value at "' .. op.path .. '" is a ' .. kind_of(current) .. ', not a number')
  end
  return root
end

local function apply_remove(value, op, i)
  if op.path == '' then return NULL end
  local err = check_path('remove', i, { op.path })
  if err then return nil, err end
  if value == NULL then return value end
  if not is_object(value) then return not_object('remove', i) end
  value[op.path] = nil
  return value
end

local function nests_deeper(v, limit)
  if type(v) ~= 'table' then return false end
  if limit <= 0 then return true end
  for _, child in pairs(v) do
    if nests_deeper(child, limit - 1) then return true end
  end
  return false
end

local function check_merge_value(v, i)
  local function fail(rule, message)
    return op_error(i, 'merge.value.' .. rule, 'merge: ' .. message)
  end
  if not is_object(v) then return fail('not_an_object', 'the value is a ' .. kind_of(v) .. ', not an object') end
  local keys = 0
  for _ in pairs(v) do keys = keys + 1 end
  if keys > ${maxMergeKeys} then return fail('too_many_keys', 'the value has ' .. keys .. ' keys; the limit is ${maxMergeKeys}') end
  for _, k in ipairs(REFUSED) do
    if v[k] ~= nil then return fail('proto_polluted', 'the value has the key "' .. k .. '", which is refused') end
  end
  if nests_deeper(v, ${maxMergeDepth}) then return fail('too_deep', 'the value nests deeper than ${maxMergeDepth} levels') end
  return nil
end

local function walk(root, segs, count)
  local node = root
  for k = 1, count do
    local child = node[segs[k]]
    if not is_object(child) then child = {} end
    node[segs[k]] = child
    node = child
  end
  return node
end

local function apply_merge(value, op, i)
  local segs = to_segments(op.path)
  local err = check_path('merge', i, segs) or check_merge_value(op.value, i)
  if err then return nil, err end
  local root = value
  if not is_object(root) then root = {} end
  local target = walk(root, segs, #segs)
  for k, v in pairs(op.value) do target[k] = v end
  return root
end

local function append_to(leaf, v, starts_string)
  if leaf == nil or leaf == NULL then
    if starts_string and type(v) == 'string' then return v end
    return setmetatable({ v }, ARR)
  end
  if type(leaf) == 'table' and getmetatable(leaf) == ARR then
    leaf[#leaf + 1] = v
    return leaf
  end
  if type(leaf) == 'string' and type(v) == 'string' then return leaf .. v end
  return nil
end

local function mismatch(leaf, i)
  return nil, op_error(i, 'append.type_mismatch', 'append: the target is a ' .. kind_of(leaf) .. '; append needs an array, or a string and a string value')
end

local function apply_append(value, op, i)
  local segs = to_segments(op.path)
  local err = check_path('append', i, segs)
  if err then return nil, err end
  if #segs == 0 then
    local next_value = append_to(value, op.value, false)
    if next_value == nil then return mismatch(value, i) end
    return next_value
  end
  local root = root_object(value)
  if not root then return nil, op_error(i, 'append.target_not_object', 'append: the current value is not an object') end
  local parent = walk(root, segs, #segs - 1)
  local key = segs[#segs]
  local leaf = parent[key]
  local next_value = append_to(leaf, op.value, type(op.path) == 'string')
  if next_value == nil then return mismatch(leaf, i) end
  parent[key] = next_value
  return root
end

local APPLY = {
  set = apply_set, increment = apply_step, decrement = apply_step,
  remove = apply_remove, merge = apply_merge, append = apply_append,
}

local function update_apply(current, ops)
  local value = current
  if value == nil then value = {} end
  local errors = setmetatable({}, ARR)
  for k = 1, #ops do
    local next_value, err = APPLY[ops[k].type](value, ops[k], k - 1)
    if err then errors[#errors + 1] = err else value = next_value end
  end
  return value, errors
end
`
