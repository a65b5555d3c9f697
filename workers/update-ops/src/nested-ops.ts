import type { Step } from './keyed-ops'
import { rootObject } from './keyed-ops'
import { checkPath, opError, toSegments } from './path'
import { refusedKeys, type UpdateOp, type UpdateOpError, updateOpLimits } from './types'
import {
  emptyObject,
  isObject,
  kindOf,
  nestsDeeperThan,
  own,
  type StoredObject,
  toStored,
} from './values'

type Op<T extends UpdateOp['type']> = Extract<UpdateOp, { type: T }>

/** The merge value, or the first rule it breaks (checked before the path is walked). */
function checkMergeValue(
  v: unknown,
  i: number,
): { object: StoredObject } | { error: UpdateOpError } {
  const { maxMergeKeys, maxMergeDepth } = updateOpLimits
  type Rule = 'not_an_object' | 'too_many_keys' | 'too_deep' | 'proto_polluted'
  const fail = (rule: Rule, message: string) => ({
    error: opError(i, `merge.value.${rule}`, `merge: ${message}`),
  })
  if (!isObject(v)) return fail('not_an_object', `the value is a ${kindOf(v)}, not an object`)
  const keys = Object.keys(v).length
  if (keys > maxMergeKeys)
    return fail('too_many_keys', `the value has ${keys} keys; the limit is ${maxMergeKeys}`)
  const refused = refusedKeys.find((k) => Object.hasOwn(v, k))
  if (refused) return fail('proto_polluted', `the value has the key "${refused}", which is refused`)
  if (nestsDeeperThan(v, maxMergeDepth))
    return fail('too_deep', `the value nests deeper than ${maxMergeDepth} levels`)
  return { object: v }
}

/** Walks `segments` from `root`; a missing or non-object member is replaced by an empty object. */
function walk(root: StoredObject, segments: string[]): StoredObject {
  let node = root
  for (const segment of segments) {
    const child = own(node, segment)
    const next = isObject(child) ? child : emptyObject()
    node[segment] = next
    node = next
  }
  return node
}

/** `merge`: shallow merge into the object at the path (the root when there is none). */
export function applyMerge(value: unknown, op: Op<'merge'>, i: number): Step {
  const path = checkPath('merge', i, toSegments(op.path))
  if ('error' in path) return path
  const checked = checkMergeValue(op.value, i)
  if ('error' in checked) return checked
  const root = isObject(value) ? value : emptyObject()
  const target = walk(root, path.segments)
  for (const [key, v] of Object.entries(checked.object)) target[key] = toStored(v)
  return { value: root }
}

/** The leaf after an append, or undefined when the leaf cannot take the value. */
function appendTo(leaf: unknown, v: unknown, startsString: boolean): unknown {
  if (leaf === undefined || leaf === null)
    return startsString && typeof v === 'string' ? v : [toStored(v)]
  if (Array.isArray(leaf)) return [...leaf, toStored(v)]
  if (typeof leaf === 'string' && typeof v === 'string') return leaf + v
  return undefined
}

const mismatch = (leaf: unknown, i: number): Step => ({
  error: opError(
    i,
    'append.type_mismatch',
    `append: the target is a ${kindOf(leaf)}; append needs an array, or a string and a string value`,
  ),
})

/**
 * `append`: push onto an array or concatenate onto a string. A missing leaf becomes `[value]`,
 * except that a string value at a one-key path given as a string starts a string.
 */
export function applyAppend(value: unknown, op: Op<'append'>, i: number): Step {
  const path = checkPath('append', i, toSegments(op.path))
  if ('error' in path) return path
  const segments = path.segments
  const key = segments[segments.length - 1]
  if (key === undefined) {
    const next = appendTo(value, op.value, false)
    return next === undefined ? mismatch(value, i) : { value: next }
  }
  const root = rootObject(value)
  if (!root)
    return {
      error: opError(i, 'append.target_not_object', 'append: the current value is not an object'),
    }
  // A failed append never changes anything: a leaf can only mismatch under intermediates that already were objects.
  const parent = walk(root, segments.slice(0, -1))
  const leaf = own(parent, key)
  const next = appendTo(leaf, op.value, typeof op.path === 'string')
  if (next === undefined) return mismatch(leaf, i)
  parent[key] = next
  return { value: root }
}
