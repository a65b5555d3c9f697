import { applyRemove, applySet, applyStep, type Step } from './keyed-ops'
import { applyAppend, applyMerge } from './nested-ops'
import { parseUpdateOps } from './parse'
import type { UpdateOp, UpdateOpError, UpdateOpsResult } from './types'
import { emptyObject, toStored } from './values'

function applyOne(value: unknown, op: UpdateOp, i: number): Step {
  switch (op.type) {
    case 'set':
      return applySet(value, op, i)
    case 'increment':
    case 'decrement':
      return applyStep(value, op, i)
    case 'remove':
      return applyRemove(value, op, i)
    case 'merge':
      return applyMerge(value, op, i)
    case 'append':
      return applyAppend(value, op, i)
  }
}

/**
 * Applies an op list to a value (BUILTINS.md §0.3) without touching `current`. An absent value
 * (`undefined`) starts as `{}`. A failing op is skipped and reported; the others still apply.
 * Every object in the result is prototype-free.
 *
 * A malformed list is refused as a whole: see {@link parseUpdateOps}.
 *
 * @example
 * applyUpdateOps({ n: 1 }, [{ type: 'increment', path: 'n', by: 2 }]) // { value: { n: 3 }, errors: [] }
 */
export function applyUpdateOps(current: unknown, ops: unknown): UpdateOpsResult {
  const parsed = parseUpdateOps(ops)
  let value = current === undefined ? emptyObject() : toStored(current)
  const errors: UpdateOpError[] = []
  for (const [i, op] of parsed.entries()) {
    const step = applyOne(value, op, i)
    if ('error' in step) errors.push(step.error)
    else value = step.value
  }
  return { value, errors }
}
