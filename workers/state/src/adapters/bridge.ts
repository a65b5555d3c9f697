import type { RemoteEngine } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { UpdateOpError } from '@iii/update-ops'
import type { StateChange, StateStore, StateUpdateOutcome } from '../store'

export interface BridgeStateStoreOptions {
  /** The bridge's name, for errors. */
  bridge: string
  /** The bridge's `RemoteEngine`, looked up at every call (bridges restart). */
  remote: () => RemoteEngine | undefined
  timeoutMs?: number
}

/** `null` over the wire means absent: the remote's `state::get` answers `null` for a missing key. */
const absentIfNull = (value: unknown) => (value === null ? undefined : value)

/**
 * State kept on another engine: every operation is the remote's own `state::*` function, called
 * through an `iii-bridge` worker (`adapter: {name: bridge, config: {bridge}}`). The remote's
 * adapter decides persistence and sharing. A stored `null` reads back as absent.
 */
export class BridgeStateStore implements StateStore {
  readonly name = 'bridge'

  constructor(private readonly options: BridgeStateStoreOptions) {}

  private call(functionId: string, data: unknown): Promise<unknown> {
    const remote = this.options.remote()
    if (!remote) {
      return Promise.reject(
        new IIIError(
          'BRIDGE_UNAVAILABLE',
          `no iii-bridge named ${this.options.bridge} is running; state is kept through it`,
        ),
      )
    }
    return remote.call({ functionId, data, timeoutMs: this.options.timeoutMs })
  }

  async get(scope: string, key: string): Promise<unknown> {
    return absentIfNull(await this.call('state::get', { scope, key }))
  }

  async set(scope: string, key: string, value: unknown): Promise<unknown> {
    const result = (await this.call('state::set', { scope, key, value })) as {
      old_value?: unknown
    } | null
    return absentIfNull(result?.old_value)
  }

  async delete(scope: string, key: string): Promise<unknown> {
    return absentIfNull(await this.call('state::delete', { scope, key }))
  }

  async update(scope: string, key: string, { ops }: StateChange): Promise<StateUpdateOutcome> {
    const result = (await this.call('state::update', { scope, key, ops })) as {
      old_value?: unknown
      new_value: unknown
      errors?: UpdateOpError[]
    }
    return {
      old_value: absentIfNull(result.old_value),
      new_value: result.new_value,
      errors: result.errors ?? [],
    }
  }

  async listKeys(scope: string): Promise<string[]> {
    const result = (await this.call('state::list_keys', { scope })) as { keys?: unknown } | null
    return Array.isArray(result?.keys) ? (result.keys as string[]) : []
  }

  async list(scope: string): Promise<unknown[]> {
    const result = await this.call('state::list', { scope })
    return Array.isArray(result) ? result : []
  }

  async listGroups(): Promise<string[]> {
    const result = (await this.call('state::list_groups', {})) as { groups?: string[] } | null
    return result?.groups ?? []
  }

  async close(): Promise<void> {}
}
