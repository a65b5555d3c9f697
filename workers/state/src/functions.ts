import { type BuiltinHandler, parseInput } from '@iii/core'
import { adapterCall, checkValueDepth } from '@iii/storage'
import { parseUpdateOps } from '@iii/update-ops'
import { KeyInput, parseSetInput, ScopeInput, UpdateInput } from './inputs'
import { checkValueSize, serializedBytes } from './size'
import type { StateStore } from './store'
import type { StateTriggers } from './triggers'

export interface StateFunctionDeps {
  store: StateStore
  triggers: StateTriggers
  maxValueBytes?: number
}

/** `{old_value, new_value}`; `old_value` is `null` when the key was absent (as the reference). */
const change = (oldValue: unknown, newValue: unknown) => ({
  old_value: oldValue ?? null,
  new_value: newValue,
})

/** The state worker's functions (BUILTINS.md §5): `[id, description, handler]`. */
export function stateFunctions({
  store,
  triggers,
  maxValueBytes,
}: StateFunctionDeps): [string, string, BuiltinHandler][] {
  return [
    [
      'state::set',
      'Store a value under (scope, key); returns {old_value, new_value}.',
      (d) =>
        adapterCall('SET_ERROR', async () => {
          const { scope, key, value } = parseSetInput(d)
          checkValueDepth(value)
          checkValueSize(serializedBytes(value), maxValueBytes)
          const old = await store.set(scope, key, value)
          triggers.emit(scope, key, { old_value: old, new_value: value })
          return change(old, value)
        }),
    ],
    [
      'state::get',
      'The value under (scope, key); no result when the key is absent.',
      (d) =>
        adapterCall('GET_ERROR', async () => {
          const { scope, key } = parseInput(KeyInput, d)
          return store.get(scope, key)
        }),
    ],
    [
      'state::delete',
      'Remove (scope, key); returns the previous value, no result when the key was absent.',
      (d) =>
        adapterCall('DELETE_ERROR', async () => {
          const { scope, key } = parseInput(KeyInput, d)
          const old = await store.delete(scope, key)
          if (old !== undefined) triggers.emit(scope, key, { old_value: old, new_value: undefined })
          return old
        }),
    ],
    [
      'state::update',
      'Apply update ops atomically; returns {old_value, new_value, errors?}.',
      (d) =>
        adapterCall('UPDATE_ERROR', async () => {
          const { scope, key, ops } = parseInput(UpdateInput, d)
          const outcome = await store.update(scope, key, {
            ops: parseUpdateOps(ops),
            maxValueBytes,
          })
          triggers.emit(scope, key, outcome)
          const result = change(outcome.old_value, outcome.new_value)
          return outcome.errors.length > 0 ? { ...result, errors: outcome.errors } : result
        }),
    ],
    [
      'state::list',
      "The scope's values.",
      (d) =>
        adapterCall('LIST_ERROR', async () => {
          const { scope } = parseInput(ScopeInput, d)
          return store.list(scope)
        }),
    ],
    [
      'state::list_keys',
      "The scope's keys, sorted.",
      (d) =>
        adapterCall('LIST_ERROR', async () => {
          const { scope } = parseInput(ScopeInput, d)
          return { keys: await store.listKeys(scope) }
        }),
    ],
    [
      'state::list_groups',
      'Scope names, sorted.',
      () => adapterCall('LIST_GROUPS_ERROR', async () => ({ groups: await store.listGroups() })),
    ],
  ]
}
