import { checkPath, opError } from './path'
import type { UpdateOp, UpdateOpError } from './types'
import { emptyObject, isObject, kindOf, own, type StoredObject, toStored } from './values'

/** What one op did: the new whole value, or the error that left the value as it was. */
export type Step = { value: unknown } | { error: UpdateOpError }

type Op<T extends UpdateOp['type']> = Extract<UpdateOp, { type: T }>

/** The root a keyed op writes into: `null` starts as an empty object, other non-objects are refused. */
export function rootObject(value: unknown): StoredObject | undefined {
  if (value === null) return emptyObject()
  return isObject(value) ? value : undefined
}

/** Every op but `merge` (which makes missing members) can find a non-object at its target. */
const notObject = (type: Exclude<UpdateOp['type'], 'merge'>, i: number): Step => ({
  error: opError(i, `${type}.target_not_object`, `${type}: the current value is not an object`),
})

/** `set`: one top-level key, or the whole value for `path: ""`. */
export function applySet(value: unknown, op: Op<'set'>, i: number): Step {
  if (op.path === '') return { value: toStored(op.value) }
  const path = checkPath('set', i, [op.path])
  if ('error' in path) return path
  const root = rootObject(value)
  if (!root) return notObject('set', i)
  root[op.path] = toStored(op.value)
  return { value: root }
}

/** `increment` / `decrement`: a missing key starts at `±by`. */
export function applyStep(value: unknown, op: Op<'increment' | 'decrement'>, i: number): Step {
  const path = checkPath(op.type, i, [op.path])
  if ('error' in path) return path
  const root = rootObject(value)
  if (!root) return notObject(op.type, i)
  const by = op.type === 'increment' ? op.by : -op.by
  const current = own(root, op.path)
  if (current === undefined) root[op.path] = by
  else if (typeof current === 'number') root[op.path] = current + by
  else
    return {
      error: opError(
        i,
        `${op.type}.not_number`,
        `${op.type}: the value at "${op.path}" is a ${kindOf(current)}, not a number`,
      ),
    }
  return { value: root }
}

/** `remove`: a missing key is a silent no-op; `path: ""` makes the value `null`. */
export function applyRemove(value: unknown, op: Op<'remove'>, i: number): Step {
  if (op.path === '') return { value: null }
  const path = checkPath('remove', i, [op.path])
  if ('error' in path) return path
  if (value === null) return { value }
  if (!isObject(value)) return notObject('remove', i)
  delete value[op.path]
  return { value }
}
