/**
 * A JSON codec for Redis Lua (5.1). Redis's cjson alone is not faithful: it decodes `[]` and
 * `{}` to the same empty table and encodes numbers with 14 significant digits, so an update
 * through it would turn empty arrays into objects and round every float in the value. This
 * codec marks arrays with the `ARR` metatable, encodes numbers so they parse back to the same
 * double, and uses cjson only for string escapes. Input is trusted JSON (written by an engine).
 *
 * Defines the locals `NULL`, `ARR`, `json_decode(text)` and `json_encode(value)`.
 */
export const luaJsonCodec = String.raw`
local NULL = cjson.null
local ARR = {}

local function json_skip(s, i)
  return string.find(s, '[^ \t\r\n]', i)
end

local function json_string(s, i)
  local j, escaped = i + 1, false
  while true do
    local k = string.find(s, '["\\]', j)
    if string.sub(s, k, k) == '"' then
      if escaped then return cjson.decode(string.sub(s, i, k)), k + 1 end
      return string.sub(s, i + 1, k - 1), k + 1
    end
    escaped, j = true, k + 2
  end
end

local json_value
local function json_object(s, i)
  local obj = {}
  i = json_skip(s, i + 1)
  if string.sub(s, i, i) == '}' then return obj, i + 1 end
  while true do
    local key
    key, i = json_string(s, json_skip(s, i))
    local v
    v, i = json_value(s, json_skip(s, i) + 1)
    obj[key] = v
    i = json_skip(s, i)
    if string.sub(s, i, i) == '}' then return obj, i + 1 end
    i = i + 1
  end
end

local function json_array(s, i)
  local arr = setmetatable({}, ARR)
  i = json_skip(s, i + 1)
  if string.sub(s, i, i) == ']' then return arr, i + 1 end
  while true do
    local v
    v, i = json_value(s, i)
    arr[#arr + 1] = v
    i = json_skip(s, i)
    if string.sub(s, i, i) == ']' then return arr, i + 1 end
    i = i + 1
  end
end

json_value = function(s, i)
  i = json_skip(s, i)
  local c = string.sub(s, i, i)
  if c == '{' then return json_object(s, i) end
  if c == '[' then return json_array(s, i) end
  if c == '"' then return json_string(s, i) end
  if c == 't' then return true, i + 4 end
  if c == 'f' then return false, i + 5 end
  if c == 'n' then return NULL, i + 4 end
  local j = string.find(s, '[^%d%.eE%+%-]', i) or (#s + 1)
  return tonumber(string.sub(s, i, j - 1)), j
end

local function json_decode(s)
  local v = json_value(s, 1)
  return v
end

local function json_number(n)
  if n ~= n or n == math.huge or n == -math.huge then return 'null' end
  if n == 0 then return '0' end
  if n == math.floor(n) and n > -1e15 and n < 1e15 then return string.format('%d', n) end
  for p = 15, 16 do
    local t = string.format('%.' .. p .. 'g', n)
    if tonumber(t) == n then return t end
  end
  return string.format('%.17g', n)
end

local function json_quote(s)
  return (string.gsub(cjson.encode(s), '\\/', '/'))
end

local function json_write(v, buf)
  local t = type(v)
  if v == NULL then
    buf[#buf + 1] = 'null'
  elseif t == 'string' then
    buf[#buf + 1] = json_quote(v)
  elseif t == 'number' then
    buf[#buf + 1] = json_number(v)
  elseif t == 'boolean' then
    buf[#buf + 1] = v and 'true' or 'false'
  elseif getmetatable(v) == ARR then
    buf[#buf + 1] = '['
    for k = 1, #v do
      if k > 1 then buf[#buf + 1] = ',' end
      json_write(v[k], buf)
    end
    buf[#buf + 1] = ']'
  else
    buf[#buf + 1] = '{'
    local first = true
    for k, x in pairs(v) do
      if not first then buf[#buf + 1] = ',' end
      first = false
      buf[#buf + 1] = json_quote(k)
      buf[#buf + 1] = ':'
      json_write(x, buf)
    end
    buf[#buf + 1] = '}'
  end
end

local function json_encode(v)
  local buf = {}
  json_write(v, buf)
  return table.concat(buf)
end
`
