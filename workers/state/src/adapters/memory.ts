import { applyUpdateOps, toStored } from '@iii/update-ops'
import { checkValueSize, serializedBytes } from '../size'
import type { StateChange, StateStore, StateUpdateOutcome } from '../store'

/**
 * In-process state. Values are stored as prototype-free deep copies and never changed in
 * place (an update builds a new value), so a value handed out stays as it was.
 */
export class MemoryStateStore implements StateStore {
  readonly name: string = 'memory'
  protected readonly scopes = new Map<string, Map<string, unknown>>()

  async get(scope: string, key: string): Promise<unknown> {
    return this.scopes.get(scope)?.get(key)
  }

  async set(scope: string, key: string, value: unknown): Promise<unknown> {
    return this.put(scope, key, toStored(value))
  }

  async delete(scope: string, key: string): Promise<unknown> {
    return this.remove(scope, key)
  }

  async update(scope: string, key: string, change: StateChange): Promise<StateUpdateOutcome> {
    const outcome = this.computeUpdate({ scope, key }, change)
    this.put(scope, key, outcome.new_value)
    return outcome
  }

  async list(scope: string): Promise<unknown[]> {
    return [...(this.scopes.get(scope)?.values() ?? [])]
  }

  async listKeys(scope: string): Promise<string[]> {
    return [...(this.scopes.get(scope)?.keys() ?? [])].sort()
  }

  async listGroups(): Promise<string[]> {
    return [...this.scopes.keys()].sort()
  }

  async close(): Promise<void> {}

  /** Keys held, over every scope (logged when a memory store is dropped). */
  size(): number {
    let n = 0
    for (const values of this.scopes.values()) n += values.size
    return n
  }

  /** The result of `ops` on the current value, checked against `maxValueBytes`; nothing is written. */
  protected computeUpdate(
    { scope, key }: { scope: string; key: string },
    { ops, maxValueBytes }: StateChange,
  ): StateUpdateOutcome {
    const old = this.scopes.get(scope)?.get(key)
    const { value, errors } = applyUpdateOps(old, ops)
    if (maxValueBytes !== undefined) checkValueSize(serializedBytes(value), maxValueBytes)
    return { old_value: old, new_value: value, errors }
  }

  /** Stores an already-copied value; returns the previous one. */
  protected put(scope: string, key: string, value: unknown): unknown {
    let values = this.scopes.get(scope)
    if (!values) {
      values = new Map()
      this.scopes.set(scope, values)
    }
    const old = values.get(key)
    values.set(key, value)
    return old
  }

  /** Removes a key (and an emptied scope); returns the previous value. */
  protected remove(scope: string, key: string): unknown {
    const values = this.scopes.get(scope)
    if (!values?.has(key)) return undefined
    const old = values.get(key)
    values.delete(key)
    if (values.size === 0) this.scopes.delete(scope)
    return old
  }

  /** Puts back `old` (absent when `undefined`): undoes a change that could not be stored. */
  protected restore(scope: string, key: string, old: unknown): void {
    if (old === undefined) this.remove(scope, key)
    else this.put(scope, key, old)
  }
}
