import { type BuiltinHandler, parseInput } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { KeyInput, parseSetInput, ScopeInput, UpdateInput } from './inputs'
import { checkValueSize, serializedBytes } from './size'
import type { StateStore } from './store'
import type { StateTriggers } from './triggers'
import { parseUpdateOps } from './update-ops/index'

export interface StateFunctionDeps {
  store: StateStore
  triggers: StateTriggers
  maxValueBytes?: number
}

/** Runs `fn`; bad input and size errors pass through, an adapter failure becomes `code`. */
async function guarded<T>(code: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof IIIError) throw err
    throw new IIIError(code, (err as Error).message, { cause: err })
  }
}

/** `{old_value?, new_value}` with `old_value` left out when the key was absent. */
const change = (oldValue: unknown, newValue: unknown) =>
  oldValue === undefined ? { new_value: newValue } : { old_value: oldValue, new_value: newValue }

/** The state worker's functions (BUILTINS.md §5): `[id, description, handler]`. */
export function stateFunctions({ store, triggers, maxValueBytes }: StateFunctionDeps): [string, string, BuiltinHandler][] {
  return [
    [
      'state::set',
      'Store a value under (scope, key); returns {old_value?, new_value}.',
      (d) =>
        guarded('SET_ERROR', async () => {
          const { scope, key, value } = parseSetInput(d)
          checkValueSize(serializedBytes(value), maxValueBytes)
          const old = await store.set(scope, key, value)
          triggers.emit(scope, key, old, value)
          return change(old, value)
        }),
    ],
    [
      'state::get',
      'The value under (scope, key), or null.',
      (d) =>
        guarded('GET_ERROR', async () => {
          const { scope, key } = parseInput(KeyInput, d)
          return (await store.get(scope, key)) ?? null
        }),
    ],
    [
      'state::delete',
      'Remove (scope, key); returns the previous value or null.',
      (d) =>
        guarded('DELETE_ERROR', async () => {
          const { scope, key } = parseInput(KeyInput, d)
          const old = await store.delete(scope, key)
          if (old !== undefined) triggers.emit(scope, key, old, undefined)
          return old ?? null
        }),
    ],
    [
      'state::update',
      'Apply update ops atomically; returns {old_value?, new_value, errors?}.',
      (d) =>
        guarded('UPDATE_ERROR', async () => {
          const { scope, key, ops } = parseInput(UpdateInput, d)
          const outcome = await store.update(scope, key, parseUpdateOps(ops), { maxValueBytes })
          triggers.emit(scope, key, outcome.old_value, outcome.new_value)
          const result = change(outcome.old_value, outcome.new_value)
          return outcome.errors.length > 0 ? { ...result, errors: outcome.errors } : result
        }),
    ],
    [
      'state::list',
      "The scope's values.",
      (d) =>
        guarded('LIST_ERROR', async () => {
          const { scope } = parseInput(ScopeInput, d)
          return store.list(scope)
        }),
    ],
    ['state::list_groups', 'Scope names, sorted.', () => guarded('LIST_GROUPS_ERROR', async () => ({ groups: await store.listGroups() }))],
  ]
}
