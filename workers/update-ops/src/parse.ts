import { type ErrorCode, IIIError } from '@iii/protocol'
import { type UpdateOp, type UpdatePath, updateOpTypes } from './types'

type Fields = Record<string, unknown>

const invalid = (code: ErrorCode, message: string) => new IIIError(code, message)

function keyPath(fields: Fields, at: string, code: ErrorCode): string {
  if (typeof fields.path !== 'string') throw invalid(code, `${at}.path must be a string`)
  return fields.path
}

function optionalPath(fields: Fields, at: string, code: ErrorCode): UpdatePath | undefined {
  const path = fields.path
  if (path === undefined || path === null || typeof path === 'string') return path ?? undefined
  if (Array.isArray(path) && path.every((s): s is string => typeof s === 'string')) return path
  throw invalid(code, `${at}.path must be a string or an array of strings`)
}

function step(fields: Fields, at: string, code: ErrorCode): number {
  if (typeof fields.by !== 'number' || !Number.isInteger(fields.by))
    throw invalid(code, `${at}.by must be an integer`)
  return fields.by
}

function value(fields: Fields, at: string, code: ErrorCode): unknown {
  if (!('value' in fields) || fields.value === undefined)
    throw invalid(code, `${at}.value is required`)
  return fields.value
}

function parseOp(raw: unknown, index: number, code: ErrorCode): UpdateOp {
  const at = `ops[${index}]`
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(code, `${at} must be an object with a type`)
  const fields = raw as Fields
  switch (fields.type) {
    case 'set':
      return { type: 'set', path: keyPath(fields, at, code), value: value(fields, at, code) }
    case 'merge':
      return { type: 'merge', path: optionalPath(fields, at, code), value: value(fields, at, code) }
    case 'increment':
    case 'decrement':
      return { type: fields.type, path: keyPath(fields, at, code), by: step(fields, at, code) }
    case 'append':
      return {
        type: 'append',
        path: optionalPath(fields, at, code),
        value: value(fields, at, code),
      }
    case 'remove':
      return { type: 'remove', path: keyPath(fields, at, code) }
    default:
      throw invalid(
        code,
        `${at}.type ${JSON.stringify(fields.type) ?? 'undefined'} is unknown; use ${updateOpTypes.join(', ')}`,
      )
  }
}

/**
 * Checks the shape of an op list before anything is applied: a malformed list (not an array,
 * an unknown op type, a field of the wrong type) is refused as a whole with an `IIIError`
 * naming the op, so nothing is half-applied. Rule violations inside well-formed ops (paths,
 * targets, merge values) are per-op errors reported by `applyUpdateOps` instead.
 *
 * @param code the error code to refuse with. @default 'INVALID_ARGUMENTS'
 */
export function parseUpdateOps(ops: unknown, code: ErrorCode = 'INVALID_ARGUMENTS'): UpdateOp[] {
  if (!Array.isArray(ops)) throw invalid(code, 'ops must be an array of update operations')
  return ops.map((op, i) => parseOp(op, i, code))
}
