import { type ErrorCode, IIIError } from '@iii/protocol'
import type { Static, TSchema } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>()

/**
 * Validates a built-in function's input with a compiled checker; a mismatch is an `IIIError`
 * with `code` (default `INVALID_ARGUMENTS`) naming the first bad field. `null` optionals are
 * normalised to absent.
 */
/** The parsed shape: top-level `null`s are gone. */
export type Parsed<T extends TSchema> = { [K in keyof Static<T>]: Exclude<Static<T>[K], null> }

export function parseInput<T extends TSchema>(
  schema: T,
  data: unknown,
  code: ErrorCode = 'INVALID_ARGUMENTS',
): Parsed<T> {
  let checker = compiled.get(schema)
  if (!checker) {
    checker = TypeCompiler.Compile(schema)
    compiled.set(schema, checker)
  }
  const value = data ?? {}
  if (checker.Check(value)) return stripNulls(value) as Parsed<T>
  const first = checker.Errors(value).First()
  throw new IIIError(code, `invalid input at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`)
}

function stripNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = v
  return out
}
