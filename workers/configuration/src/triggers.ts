import { type BindingInfo, parseInput, type TriggerProvider, type WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import {
  type ChangeSink,
  type ConfigurationEvent,
  configurationEventTypes,
  type EntryInfo,
  infoOf,
} from './events'
import { type Environment, expandValue } from './expand'
import { idPattern } from './ids'

/** Config of a `configuration` binding; omitted fields match everything. */
export const ConfigurationTriggerConfig = Type.Object({
  configuration_id: Type.Optional(Type.String()),
  event_types: Type.Optional(
    Type.Array(Type.Union(configurationEventTypes.map((t) => Type.Literal(t)))),
  ),
  condition_function_id: Type.Optional(Type.String()),
})

interface Watch {
  binding: BindingInfo
  id?: string
  eventTypes?: ReadonlySet<string>
}

export interface ConfigurationTriggersOptions {
  ctx: WorkerContext
  env: Environment
  /** Delay before an id whose last binding went away expires; 0 = never. */
  ttlSeconds: number
  /** Called when an id expired (BUILTINS.md §13, TTL). */
  onExpire: (id: string) => void
}

/**
 * The `configuration` trigger type: fans every change out to the matching bindings, with
 * placeholders expanded, and runs the TTL of ids whose last binding went away.
 */
export class ConfigurationTriggers {
  private readonly watches = new Map<string, Watch>()
  private readonly expiries = new Map<string, NodeJS.Timeout>()

  constructor(private readonly options: ConfigurationTriggersOptions) {}

  /** The provider handed to `registerTriggerType`. */
  provider(): TriggerProvider {
    return {
      register: (binding) => this.add(binding),
      unregister: (binding) => this.remove(binding.id),
    }
  }

  /** Fires matching bindings after the current call has returned; reads never get here. */
  readonly emit: ChangeSink = (eventType, entry, { oldValue, newValue }) => {
    const targets = [...this.watches.values()].filter(
      (w) =>
        (w.id === undefined || w.id === entry.id) &&
        (w.eventTypes === undefined || w.eventTypes.has(eventType)),
    )
    if (targets.length === 0) return
    const event: ConfigurationEvent = {
      type: 'configuration',
      event_type: eventType,
      ...infoOf(entry),
      old_value: this.expanded(entry, oldValue),
      new_value: this.expanded(entry, newValue),
    }
    setImmediate(() => {
      for (const { binding } of targets) {
        this.options.ctx.fire(binding, event).catch((err: Error) => {
          this.options.ctx.logger.warn('configuration trigger failed', {
            trigger_id: binding.id,
            function_id: binding.function_id,
            err: err.message,
          })
        })
      }
    })
  }

  /** Cancels pending expiries (the worker stops). */
  clear(): void {
    for (const timer of this.expiries.values()) clearTimeout(timer)
    this.expiries.clear()
  }

  private add(binding: BindingInfo): void {
    const config = parseInput(
      ConfigurationTriggerConfig,
      binding.config ?? {},
      'trigger_registration_failed',
    )
    const id = config.configuration_id
    if (id !== undefined && !idPattern.test(id)) {
      throw new IIIError(
        'trigger_registration_failed',
        `configuration_id ${JSON.stringify(id)} is not a valid id ([a-z0-9_-]{1,64})`,
      )
    }
    const watch: Watch = { binding, id }
    if (config.event_types) watch.eventTypes = new Set(config.event_types)
    this.watches.set(binding.id, watch)
    if (id !== undefined) {
      clearTimeout(this.expiries.get(id))
      this.expiries.delete(id)
    }
  }

  private remove(bindingId: string): void {
    const watch = this.watches.get(bindingId)
    this.watches.delete(bindingId)
    const id = watch?.id
    if (id === undefined || this.options.ttlSeconds === 0) return
    if ([...this.watches.values()].some((w) => w.id === id)) return
    clearTimeout(this.expiries.get(id))
    const timer = setTimeout(() => {
      this.expiries.delete(id)
      this.options.onExpire(id)
    }, this.options.ttlSeconds * 1000)
    timer.unref()
    this.expiries.set(id, timer)
  }

  /** A value as bindings see it: expanded, `null` when absent; the raw value if it cannot expand. */
  private expanded(entry: EntryInfo, value: unknown): unknown {
    if (value === undefined) return null
    try {
      return expandValue(value, this.options.env)
    } catch (err) {
      this.options.ctx.logger.warn(
        'configuration trigger: a placeholder cannot be expanded; sending the raw value',
        {
          id: entry.id,
          err: (err as Error).message,
        },
      )
      return value
    }
  }
}
