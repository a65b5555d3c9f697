import { type BindingInfo, parseInput, type TriggerProvider, type WorkerContext } from '@iii/core'
import { Type } from '@sinclair/typebox'

/** Config of a `state` binding; omitted fields match everything. */
export const StateTriggerConfig = Type.Object({
  scope: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  condition_function_id: Type.Optional(Type.String()),
})

export type StateEventType = 'state:created' | 'state:updated' | 'state:deleted'

/** A completed write, as `state` bindings receive it. */
export interface StateEvent {
  type: 'state'
  event_type: StateEventType
  scope: string
  key: string
  old_value: unknown
  new_value: unknown
}

interface Watch {
  binding: BindingInfo
  scope?: string
  key?: string
}

/**
 * The `state` trigger type. Bindings fire on the engine where the write happened, also with
 * the Redis adapter: each engine sees its own writes, so a binding fires once per write no
 * matter how many engines share the store.
 */
export class StateTriggers {
  private readonly watches = new Map<string, Watch>()

  constructor(
    private readonly ctx: WorkerContext,
    private readonly enabled: boolean,
  ) {}

  /** The provider handed to `registerTriggerType`. */
  provider(): TriggerProvider {
    return {
      register: (binding) => {
        const config = parseInput(
          StateTriggerConfig,
          binding.config ?? {},
          'trigger_registration_failed',
        )
        this.watches.set(binding.id, { binding, scope: config.scope, key: config.key })
      },
      unregister: (binding) => {
        this.watches.delete(binding.id)
      },
    }
  }

  /** Fires matching bindings after the current call has returned (BUILTINS.md §5: asynchronous). */
  emit(scope: string, key: string, values: { old_value: unknown; new_value: unknown }): void {
    if (!this.enabled || this.watches.size === 0) return
    const { old_value: oldValue, new_value: newValue } = values
    const event_type: StateEventType =
      newValue === undefined
        ? 'state:deleted'
        : oldValue === undefined
          ? 'state:created'
          : 'state:updated'
    const event: StateEvent = {
      type: 'state',
      event_type,
      scope,
      key,
      old_value: oldValue ?? null,
      new_value: newValue ?? null,
    }
    const targets = [...this.watches.values()].filter(
      (w) => (w.scope === undefined || w.scope === scope) && (w.key === undefined || w.key === key),
    )
    if (targets.length === 0) return
    setImmediate(() => {
      for (const { binding } of targets) {
        this.ctx.fire(binding, event).catch((err: Error) => {
          this.ctx.logger.warn('state trigger failed', {
            trigger_id: binding.id,
            function_id: binding.function_id,
            err: err.message,
          })
        })
      }
    })
  }
}
