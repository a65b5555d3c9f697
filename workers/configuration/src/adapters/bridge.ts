import type { RemoteEngine } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { ConfigurationStore, ExternalChange, StoredEntry } from '../store'

export interface BridgeConfigurationStoreOptions {
  /** The bridge's name, for errors. */
  bridge: string
  /** The bridge's `RemoteEngine`, looked up at every call (bridges restart). */
  remote: () => RemoteEngine | undefined
  timeoutMs?: number
}

interface RemoteInfo {
  id: string
  name: string
  description: string
  schema: unknown
  metadata?: Record<string, unknown> | null
}

/** The remote's own built-in workers' entries are its runtime settings, not shared entries. */
const isRemoteBuiltin = (info: RemoteInfo) => info.metadata?.builtin === true

/**
 * Configuration entries kept on another engine, through an `iii-bridge` worker: reads are the
 * remote's `configuration::schema` / `get` (raw) / `list`, writes its `configuration::register`.
 * The remote validates again. It has no delete function, so deleting (TTL expiry) is refused, and
 * changes made on the remote are not reported here (`watch` never fires).
 */
export class BridgeConfigurationStore implements ConfigurationStore {
  readonly name = 'bridge'

  constructor(private readonly options: BridgeConfigurationStoreOptions) {}

  private call(functionId: string, data: unknown): Promise<unknown> {
    const remote = this.options.remote()
    if (!remote) {
      const message = `no iii-bridge named ${this.options.bridge} is running; configuration is kept through it`
      return Promise.reject(new IIIError('BRIDGE_UNAVAILABLE', message))
    }
    return remote.call({ functionId, data, timeoutMs: this.options.timeoutMs })
  }

  async get(id: string): Promise<StoredEntry | undefined> {
    let info: RemoteInfo
    try {
      info = (await this.call('configuration::schema', { id })) as RemoteInfo
    } catch (err) {
      // NOT_FOUND from this engine and the reference; NOT_REGISTERED from older engines.
      if (err instanceof IIIError && (err.code === 'NOT_FOUND' || err.code === 'NOT_REGISTERED'))
        return undefined
      throw err
    }
    if (isRemoteBuiltin(info)) return undefined
    const { value } = (await this.call('configuration::get', { id, raw: true })) as {
      value: unknown
    }
    return this.entryOf(info, value)
  }

  async list(): Promise<StoredEntry[]> {
    const { configurations } = (await this.call('configuration::list', {})) as {
      configurations: RemoteInfo[]
    }
    const entries: StoredEntry[] = []
    for (const info of configurations) {
      if (isRemoteBuiltin(info)) continue
      const { value } = (await this.call('configuration::get', { id: info.id, raw: true })) as {
        value: unknown
      }
      entries.push(this.entryOf(info, value))
    }
    return entries
  }

  async put(entry: StoredEntry): Promise<StoredEntry | undefined> {
    const previous = await this.get(entry.id)
    const input: Record<string, unknown> = {
      id: entry.id,
      name: entry.name,
      description: entry.description,
      schema: entry.schema,
    }
    if (entry.metadata !== undefined) input.metadata = entry.metadata
    if (entry.value !== undefined) input.initial_value = entry.value
    await this.call('configuration::register', input)
    return previous
  }

  async delete(id: string): Promise<StoredEntry | undefined> {
    throw new IIIError(
      'ADAPTER_ERROR',
      `the bridge adapter cannot delete ${id} on the remote engine; delete it there`,
    )
  }

  watch(_listener: (change: ExternalChange) => void): void {}

  async close(): Promise<void> {}

  private entryOf(info: RemoteInfo, value: unknown): StoredEntry {
    const entry: StoredEntry = {
      id: info.id,
      name: info.name,
      description: info.description,
      schema: info.schema,
      value: value ?? undefined,
    }
    if (info.metadata) entry.metadata = info.metadata
    return entry
  }
}
