/** A prototype-free JSON object: `__proto__` and friends are plain own keys here. */
export type StoredObject = Record<string, unknown>

/** A new prototype-free object. */
export const emptyObject = (): StoredObject => Object.create(null)

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is StoredObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The JSON kind of a value, as error messages name it. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/**
 * A deep copy in which every object is prototype-free, so no key of a stored value can reach
 * `Object.prototype`. `undefined` members are dropped as JSON would drop them.
 */
export function toStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toStored(v)))
  if (!isObject(value)) return value
  const out = emptyObject()
  for (const key of Object.keys(value)) {
    const v = value[key]
    if (v !== undefined) out[key] = toStored(v)
  }
  return out
}

/** Own property read that never consults a prototype. */
export const own = (obj: StoredObject, key: string): unknown =>
  Object.hasOwn(obj, key) ? obj[key] : undefined

/** True when `value` nests deeper than `limit` levels (objects and arrays are one level each). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (limit <= 0) return true
  const children = Array.isArray(value) ? value : Object.values(value)
  return children.some((child) => nestsDeeperThan(child, limit - 1))
}
