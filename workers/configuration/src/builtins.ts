import { isDeepStrictEqual } from 'node:util'
import type { BuiltinConfigControl, BuiltinConfigInfo, WorkerContext } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { ChangeSink, EntryInfo } from './events'
import { type Environment, expandValue } from './expand'
import { builtinEntryId } from './ids'

/** The runtime view of one built-in worker's configuration (BUILTINS.md §0.2). */
export interface BuiltinEntry extends EntryInfo {
  instanceName: string
  /** The effective config the instance runs with. */
  value: unknown
}

export interface BuiltinEntriesOptions {
  /** The engine's `builtinConfigs` slot, read on each use; without a provider there are no built-in entries. */
  control: () => BuiltinConfigControl | undefined
  /** This worker's own instance name: it cannot restart itself from inside its own call. */
  selfName: string
  emit: ChangeSink
  env: Environment
}

/** TypeBox schemas carry symbol keys; the JSON round trip leaves the plain JSON Schema. */
const toJson = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value))

/** A worker has a configuration when its schema has at least one property. */
const hasSettings = (schema: unknown): boolean => {
  const properties = (schema as { properties?: unknown } | null)?.properties
  return typeof properties === 'object' && properties !== null && Object.keys(properties).length > 0
}

/**
 * Entries named after the running built-in workers, carrying their schema and effective config.
 * They follow the workers (started, restarted by a reload or by `set`, stopped) and are never
 * stored: the config file is authoritative at every start.
 */
export class BuiltinEntries {
  private readonly entries = new Map<string, BuiltinEntry>()
  private readonly unsubscribe: (() => void)[] = []

  constructor(private readonly options: BuiltinEntriesOptions) {}

  /** Loads the running built-ins without firing, then follows starts and stops. */
  follow(ctx: WorkerContext): void {
    for (const info of this.options.control()?.list() ?? []) this.upsert(info, false)
    this.unsubscribe.push(
      ctx.on('builtin:configured', (info) => this.upsert(info, true)),
      ctx.on('builtin:stopped', ({ name }) => this.remove(name)),
    )
  }

  /** Stops following the built-ins. */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off()
  }

  has(id: string): boolean {
    return this.entries.has(id)
  }

  get(id: string): BuiltinEntry | undefined {
    return this.entries.get(id)
  }

  list(): BuiltinEntry[] {
    return [...this.entries.values()]
  }

  /** Applies a new config by restarting the worker; the `builtin:configured` event updates the entry. */
  async set(id: string, value: unknown): Promise<{ old_value: unknown; new_value: unknown }> {
    const entry = this.entries.get(id)
    const control = this.options.control()
    if (!entry || !control) throw new IIIError('NOT_REGISTERED', `no configuration ${id}`)
    if (entry.instanceName === this.options.selfName) {
      throw new IIIError(
        'APPLY_FAILED',
        `${id} cannot restart itself from its own call; change its block in the config file`,
      )
    }
    const oldValue = entry.value
    const applied = await control.reconfigure(
      entry.instanceName,
      expandValue(value, this.options.env),
    )
    return { old_value: oldValue, new_value: toJson(applied) ?? null }
  }

  private upsert(info: BuiltinConfigInfo, fire: boolean): void {
    if (!hasSettings(info.schema)) return
    const id = builtinEntryId(info.name)
    const previous = this.entries.get(id)
    const value = toJson(info.config) ?? null
    if (previous && isDeepStrictEqual(previous.value, value)) return
    const entry: BuiltinEntry = {
      id,
      instanceName: info.name,
      name: info.name,
      description: `The runtime configuration of the built-in worker ${info.name} (BUILTINS.md §0.2).`,
      schema: toJson(info.schema),
      metadata: { builtin: true, worker: info.name },
      value,
    }
    this.entries.set(id, entry)
    if (!fire) return
    if (previous)
      this.options.emit('configuration:updated', entry, {
        oldValue: previous.value,
        newValue: value,
      })
    else
      this.options.emit('configuration:registered', entry, { oldValue: undefined, newValue: value })
  }

  private remove(instanceName: string): void {
    const id = builtinEntryId(instanceName)
    const previous = this.entries.get(id)
    if (!previous) return
    this.entries.delete(id)
    this.options.emit('configuration:deleted', previous, {
      oldValue: previous.value,
      newValue: undefined,
    })
  }
}
