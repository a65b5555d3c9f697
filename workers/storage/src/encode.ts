import { IIIError } from '@iii/protocol'

/** Limits of one stored value; a value past them is refused when it is written, never later. */
export const storageLimits = {
  /** Deepest nesting of objects and arrays in a stored value. */
  maxValueDepth: 512,
  /** Largest record in a log, in bytes of JSON. */
  maxRecordBytes: 64 * 1024 * 1024,
} as const

/** Depth of nested objects and arrays, counted without recursion; stops once past `limit`. */
export function valueDepth(value: unknown, limit: number): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (v === null || typeof v !== 'object') continue
    if (depth > deepest) deepest = depth
    if (deepest > limit) return deepest
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return deepest
}

/** Throws `VALUE_TOO_DEEP` (with the limit) when `value` nests deeper than the storage limit. */
export function checkValueDepth(
  value: unknown,
  maxDepth: number = storageLimits.maxValueDepth,
): void {
  if (valueDepth(value, maxDepth) > maxDepth) {
    throw new IIIError(
      'VALUE_TOO_DEEP',
      `the value nests deeper than ${maxDepth} levels (the storage limit); nothing was stored`,
    )
  }
}

/**
 * One log line (JSON + `\n`) for `record`: refused up front with `VALUE_NOT_SERIALIZABLE` (a
 * cycle, a BigInt, over `maxRecordBytes`), so a record that is accepted can always be written and
 * read back. Callers check the value's depth first (`checkValueDepth`).
 */
export function encodeRecord(
  record: object,
  maxRecordBytes: number = storageLimits.maxRecordBytes,
): string {
  let json: string
  try {
    json = JSON.stringify(record)
  } catch (err) {
    throw new IIIError(
      'VALUE_NOT_SERIALIZABLE',
      `the value cannot be stored as JSON: ${(err as Error).message}`,
      { cause: err },
    )
  }
  if (json.length > maxRecordBytes) {
    throw new IIIError(
      'VALUE_NOT_SERIALIZABLE',
      `the record is ${json.length} bytes; the storage limit is ${maxRecordBytes} bytes`,
    )
  }
  return `${json}\n`
}
