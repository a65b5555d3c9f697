import type { Logger, RemoteEngine } from '@iii/core'
import { IIIError } from '@iii/protocol'
import type { UpdateOp } from '@iii/update-ops'
import type { PushMessage } from '../message'
import type {
  DeleteResult,
  ItemKey,
  SetResult,
  StreamStore,
  StreamSummary,
  UpdateResult,
} from '../store'
import { LocalBus } from './local-bus'

export interface BridgeStreamStoreOptions {
  /** The bridge's name, for errors. */
  bridge: string
  /** The bridge's `RemoteEngine`, looked up at every call (bridges restart). */
  remote: () => RemoteEngine | undefined
  timeoutMs?: number
  logger: Logger
}

const itemOf = (key: ItemKey) => ({
  stream_name: key.stream,
  group_id: key.group,
  item_id: key.item,
})

/**
 * Stream items kept on another engine: storage is the remote's own `stream::*` functions, called
 * through an `iii-bridge` worker (`adapter: {name: bridge, config: {bridge}}`). Pushes go to this
 * engine's subscribers; the remote pushes to its own when its `stream::set` runs. A stored `null`
 * reads back as absent.
 */
export class BridgeStreamStore implements StreamStore {
  readonly name = 'bridge'
  private readonly bus = new LocalBus()

  constructor(private readonly options: BridgeStreamStoreOptions) {}

  private call(functionId: string, data: unknown): Promise<unknown> {
    const remote = this.options.remote()
    if (!remote) {
      return Promise.reject(
        new IIIError(
          'BRIDGE_UNAVAILABLE',
          `no iii-bridge named ${this.options.bridge} is running; streams are kept through it`,
        ),
      )
    }
    return remote.call({ functionId, data, timeoutMs: this.options.timeoutMs })
  }

  async get(key: ItemKey): Promise<unknown> {
    const value = await this.call('stream::get', itemOf(key))
    return value === null ? undefined : value
  }

  async set(key: ItemKey, value: unknown): Promise<SetResult> {
    return oldIfPresent(
      await this.call('stream::set', { ...itemOf(key), data: value }),
    ) as SetResult
  }

  async delete(key: ItemKey): Promise<DeleteResult> {
    return oldIfPresent(await this.call('stream::delete', itemOf(key))) as DeleteResult
  }

  async update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult> {
    return oldIfPresent(await this.call('stream::update', { ...itemOf(key), ops })) as UpdateResult
  }

  async list(stream: string, group: string): Promise<unknown[]> {
    const items = await this.call('stream::list', { stream_name: stream, group_id: group })
    return Array.isArray(items) ? items : []
  }

  async listGroups(stream: string): Promise<string[]> {
    const groups = await this.call('stream::list_groups', { stream_name: stream })
    return Array.isArray(groups) ? groups : []
  }

  async listAll(): Promise<StreamSummary[]> {
    const all = (await this.call('stream::list_all', {})) as { stream?: StreamSummary[] } | null
    return all?.stream ?? []
  }

  async publish(message: PushMessage): Promise<void> {
    this.bus.publish(message, (err) =>
      this.options.logger.warn('stream push listener failed', { err }),
    )
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    return this.bus.subscribe(listener)
  }

  async close(): Promise<void> {
    this.bus.clear()
  }
}

/** The remote answers `old_value: null` for an absent item; locally an absent item has none. */
function oldIfPresent(result: unknown): object {
  if (typeof result !== 'object' || result === null) return {}
  const { old_value, ...rest } = result as { old_value?: unknown }
  return old_value === null || old_value === undefined ? rest : { ...rest, old_value }
}
