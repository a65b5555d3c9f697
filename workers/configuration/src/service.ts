import { isDeepStrictEqual } from 'node:util'
import type { Logger } from '@iii/core'
import { IIIError } from '@iii/protocol'
import { adapterCall } from '@iii/storage'
import type { BuiltinEntries } from './builtins'
import { type ChangeSink, type EntryInfo, infoOf } from './events'
import { type Environment, expandValue } from './expand'
import { checkId } from './ids'
import type { ConfigurationStore, ExternalChange, StoredEntry } from './store'
import { checkValue, compileSchema, type ValidateFunction } from './validation'

export interface ConfigurationServiceOptions {
  store: ConfigurationStore
  builtins: BuiltinEntries
  emit: ChangeSink
  env: Environment
  logger: Logger
}

/** `configuration::register` input, checked for shape. `initialValue` is set when `initial_value` was given. */
export interface RegisterRequest extends EntryInfo {
  initialValue?: { value: unknown }
}

/** An entry with its value as stored (`null` when it has none). */
export type EntryView = EntryInfo & { value: unknown }

/** A `list` item: `metadata` is always there, `null` when the entry has none. */
export type ListedEntry = Omit<EntryInfo, 'metadata'> & { metadata: Record<string, unknown> | null }

const view = (entry: StoredEntry): EntryView => ({ ...infoOf(entry), value: entry.value ?? null })

/** Runs a store call; a failure of the store itself becomes `ADAPTER_ERROR` (storage errors keep their code). */
const adapter = <T>(fn: () => Promise<T>): Promise<T> => adapterCall('ADAPTER_ERROR', fn)

/**
 * The `configuration::*` operations (BUILTINS.md §13) over the store and the built-in entries.
 * Writes run one at a time; every completed change goes to `emit` for the trigger type.
 */
export class ConfigurationService {
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: ConfigurationServiceOptions) {}

  /** Creates or updates an entry; an existing value is kept unless `initialValue` is given. */
  register(request: RegisterRequest): Promise<EntryView> {
    checkId(request.id)
    if (this.options.builtins.has(request.id)) {
      throw new IIIError(
        'INVALID_ID',
        `${request.id} is the runtime configuration of a built-in worker; use configuration::set`,
      )
    }
    const validate = compileSchema(request.schema)
    return this.serial(async () => {
      const existing = await adapter(() => this.options.store.get(request.id))
      const value = request.initialValue ? request.initialValue.value : existing?.value
      // A kept value must pass the new schema; only a new one must also expand now.
      if (request.initialValue) this.checkNewValue(validate, request.id, value)
      else if (value !== undefined) checkValue(validate, value, `the stored value of ${request.id}`)
      const entry: StoredEntry = { ...infoOf(request), value }
      if (existing && isDeepStrictEqual(existing, entry)) return view(entry)
      const previous = await adapter(() => this.options.store.put(entry))
      if (!previous)
        this.options.emit('configuration:registered', entry, {
          oldValue: undefined,
          newValue: value,
        })
      else if (!isDeepStrictEqual(previous.value, value))
        this.options.emit('configuration:updated', entry, {
          oldValue: previous.value,
          newValue: value,
        })
      return view(entry)
    })
  }

  /** Replaces the value of an entry; on a built-in entry, restarts that worker with it. */
  set(id: string, value: unknown): Promise<{ old_value: unknown; new_value: unknown }> {
    checkId(id)
    return this.serial(async () => {
      if (this.options.builtins.has(id)) return this.options.builtins.set(id, value)
      const existing = await this.require(id)
      this.checkNewValue(this.usableSchema(existing), id, value)
      if (isDeepStrictEqual(existing.value, value))
        return { old_value: existing.value ?? null, new_value: value }
      const entry: StoredEntry = { ...existing, value }
      const previous = await adapter(() => this.options.store.put(entry))
      this.options.emit('configuration:updated', entry, {
        oldValue: previous?.value,
        newValue: value,
      })
      return { old_value: previous?.value ?? null, new_value: value }
    })
  }

  /** The value, placeholders expanded unless `raw`. */
  async get(id: string, raw = false): Promise<{ id: string; value: unknown }> {
    checkId(id)
    const builtin = this.options.builtins.get(id)
    const value = builtin ? builtin.value : (await this.require(id, 'NOT_FOUND')).value
    if (value === undefined)
      throw new IIIError(
        'NOT_FOUND',
        `configuration ${id} has no value yet; set one with configuration::set`,
      )
    return { id, value: raw ? value : expandValue(value, this.options.env) }
  }

  /** Every entry without its value, sorted by id. */
  async list(): Promise<{ configurations: ListedEntry[] }> {
    const stored = await adapter(() => this.options.store.list())
    const builtins = this.options.builtins.list()
    const entries = [...builtins, ...stored.filter((e) => !this.options.builtins.has(e.id))]
    entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return { configurations: entries.map((e) => ({ ...infoOf(e), metadata: e.metadata ?? null })) }
  }

  /** The entry's schema, name, description and metadata. */
  async schema(id: string): Promise<EntryInfo> {
    checkId(id)
    return infoOf(this.options.builtins.get(id) ?? (await this.require(id, 'NOT_FOUND')))
  }

  /** Deletes an entry whose TTL ran out (built-in entries never expire). */
  expire(id: string): Promise<void> {
    return this.serial(async () => {
      if (this.options.builtins.has(id)) return
      const previous = await this.options.store.delete(id).catch((err: Error) => {
        this.options.logger.warn('configuration: expiring an entry failed', {
          id,
          err: err.message,
        })
        return undefined
      })
      if (previous)
        this.options.emit('configuration:deleted', previous, {
          oldValue: previous.value,
          newValue: undefined,
        })
    })
  }

  /** Fires for an entry the store changed from outside (an edited file). */
  readonly onExternalChange = (change: ExternalChange): void => {
    const { previous, next } = change
    if (next && previous)
      this.options.emit('configuration:updated', next, {
        oldValue: previous.value,
        newValue: next.value,
      })
    else if (next)
      this.options.emit('configuration:registered', next, {
        oldValue: undefined,
        newValue: next.value,
      })
    else if (previous)
      this.options.emit('configuration:deleted', previous, {
        oldValue: previous.value,
        newValue: undefined,
      })
  }

  /** Warns about stored entries that cannot be used as they are (hand-written files). */
  async audit(): Promise<void> {
    for (const entry of await this.options.store.list()) {
      if (this.options.builtins.has(entry.id)) {
        this.options.logger.warn(
          'configuration: a stored entry is hidden by the built-in entry of the same id',
          { id: entry.id },
        )
        continue
      }
      try {
        if (entry.value !== undefined)
          checkValue(compileSchema(entry.schema), entry.value, `the stored value of ${entry.id}`)
      } catch (err) {
        this.options.logger.warn('configuration: a stored entry does not pass its schema', {
          id: entry.id,
          reason: (err as Error).message,
        })
      }
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => {})
    return run
  }

  /**
   * The stored entry. An unknown id is `NOT_REGISTERED` for a write and `NOT_FOUND` for a read
   * (`get`, `schema`), as the reference answers.
   */
  private async require(
    id: string,
    code: 'NOT_REGISTERED' | 'NOT_FOUND' = 'NOT_REGISTERED',
  ): Promise<StoredEntry> {
    const entry = await adapter(() => this.options.store.get(id))
    if (!entry)
      throw new IIIError(code, `no configuration ${id}; register it with configuration::register`)
    return entry
  }

  private usableSchema(entry: StoredEntry): ValidateFunction {
    try {
      return compileSchema(entry.schema)
    } catch (err) {
      throw new IIIError(
        'SCHEMA_UNAVAILABLE',
        `the stored schema of ${entry.id} cannot be used (${(err as Error).message}); register it again`,
      )
    }
  }

  /** A new value must pass the schema, and its placeholders must expand now. */
  private checkNewValue(validate: ValidateFunction, id: string, value: unknown): void {
    checkValue(validate, value, `the value of ${id}`)
    expandValue(value, this.options.env)
  }
}
