import { checkValueSize, serializedBytes } from '../size'
import type { StateStore, StateUpdateOptions, StateUpdateOutcome } from '../store'
import { applyUpdateOps, type UpdateOp } from '../update-ops/index'
import { toStored } from '../update-ops/values'

/**
 * In-process state. Values are stored as prototype-free deep copies and never changed in
 * place (an update builds a new value), so a value handed out stays as it was.
 */
export class MemoryStateStore implements StateStore {
  readonly name: string = 'memory'
  protected readonly scopes = new Map<string, Map<string, unknown>>()

  /** Called with the scope after every change (the file adapter marks it dirty). */
  protected changed(_scope: string): void {}

  async get(scope: string, key: string): Promise<unknown> {
    return this.scopes.get(scope)?.get(key)
  }

  async set(scope: string, key: string, value: unknown): Promise<unknown> {
    return this.write(scope, key, toStored(value))
  }

  async delete(scope: string, key: string): Promise<unknown> {
    const values = this.scopes.get(scope)
    if (!values?.has(key)) return undefined
    const old = values.get(key)
    values.delete(key)
    if (values.size === 0) this.scopes.delete(scope)
    this.changed(scope)
    return old
  }

  async update(scope: string, key: string, ops: UpdateOp[], options: StateUpdateOptions = {}): Promise<StateUpdateOutcome> {
    const old = this.scopes.get(scope)?.get(key)
    const { value, errors } = applyUpdateOps(old, ops)
    if (options.maxValueBytes !== undefined) checkValueSize(serializedBytes(value), options.maxValueBytes)
    this.write(scope, key, value)
    return { old_value: old, new_value: value, errors }
  }

  async list(scope: string): Promise<unknown[]> {
    return [...(this.scopes.get(scope)?.values() ?? [])]
  }

  async listGroups(): Promise<string[]> {
    return [...this.scopes.keys()].sort()
  }

  async close(): Promise<void> {}

  private write(scope: string, key: string, value: unknown): unknown {
    let values = this.scopes.get(scope)
    if (!values) {
      values = new Map()
      this.scopes.set(scope, values)
    }
    const old = values.get(key)
    values.set(key, value)
    this.changed(scope)
    return old
  }
}
