/**
 * Normalising answers before they are compared: ids, timestamps, ports and other per-run values
 * become placeholders, so only differences in shape and meaning remain.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const HEX32 = /\b[0-9a-f]{32}\b/gi
const TIMESTAMP_KEY = /(_ms|_at|_time|timestamp|time_unix_nano|_ns)$/i
/** Keys holding prose: each engine words its own, so only presence is compared. */
const PROSE_KEYS = new Set(['description'])
/** Keys holding JSON Schemas: their encoding differs by engine, so only presence is compared. */
const SCHEMA_KEYS = new Set(['schema', 'request_format', 'response_format', 'configuration_schema'])
/** Keys whose values are per-run facts of an engine (versions, process info). */
const VOLATILE_KEYS = new Set(['_caller_worker_id', 'pid', 'uptime_ms', 'version'])

export interface NormaliseOptions {
  /** Literal per-engine strings (ports, hosts) and their placeholders, e.g. `49134` → `<ws-port>`. */
  replacements?: [string, string][]
}

/** A string with per-run values replaced by placeholders. */
export function normaliseString(text: string, options: NormaliseOptions = {}): string {
  let out = text.replace(UUID, '<uuid>').replace(HEX32, '<hex>')
  for (const [literal, placeholder] of options.replacements ?? [])
    out = out.split(literal).join(placeholder)
  return out
}

/** A JSON value with per-run values replaced and object keys sorted. */
export function normalise(value: unknown, options: NormaliseOptions = {}, key = ''): unknown {
  if (value === undefined) return undefined
  if (typeof value === 'string')
    return PROSE_KEYS.has(key) ? '<text>' : normaliseString(value, options)
  if (typeof value === 'number')
    return TIMESTAMP_KEY.test(key) || value > 1e12 ? '<timestamp>' : value
  if (Array.isArray(value)) return value.map((v) => normalise(v, options, key))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort()) {
    if (VOLATILE_KEYS.has(k)) continue
    const v = (value as Record<string, unknown>)[k]
    if (v === undefined) continue
    out[normaliseString(k, options)] = SCHEMA_KEYS.has(k) ? '<schema>' : normalise(v, options, k)
  }
  return out
}

/**
 * The class of an error message: its wording with ids, numbers and quoted names taken out, so
 * two engines naming different ids in the same sentence compare equal.
 */
export function messageClass(message: string, options: NormaliseOptions = {}): string {
  return normaliseString(message, options)
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '<q>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Keys naming the record a snapshot happened to list first: only their presence is compared. */
const NAMING_KEYS = new Set(['name', 'function_id', 'span_id', 'trace_id', 'id', 'topic', 'value'])

/** A key naming a function (`state::get`): a map keyed by these holds one entry per function. */
const FUNCTION_ID_KEY = /::/

/**
 * The shape of a value, for answers whose values are per-run counts (metrics, health, stored
 * spans and logs): numbers become `<number>`, a list is its first element's shape, a map keyed
 * by function ids is one entry's shape, and names of the listed records become `<name>`. Keys
 * and other string values stay.
 */
export function shapeOf(value: unknown, key = ''): unknown {
  if (typeof value === 'number') return '<number>'
  if (typeof value === 'string' && NAMING_KEYS.has(key)) return '<name>'
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0], key)]
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  if (entries.length > 0 && entries.some(([k]) => FUNCTION_ID_KEY.test(k)))
    return { '<function-id>': shapeOf(entries[0]?.[1]) }
  return Object.fromEntries(entries.map(([k, v]) => [k, shapeOf(v, k)]))
}
