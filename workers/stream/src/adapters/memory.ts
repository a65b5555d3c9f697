import { type Logger, silentLogger } from '@iii/core'
import { applyUpdateOps, type UpdateOp } from '@iii/worker-state'
import type { PushMessage } from '../message'
import type { DeleteResult, ItemKey, SetResult, StreamStore, StreamSummary, UpdateResult } from '../store'
import { LocalBus } from './local-bus'

/** stream → group → item → JSON text. */
export type StreamTree = Map<string, Map<string, Map<string, string>>>

/** Values are kept as JSON text, so a stored item never aliases a caller's object. */
const encode = (value: unknown): string => JSON.stringify(value === undefined ? null : value)
const decode = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text))

/** The default adapter: items in process memory, pushes to this engine only. */
export class MemoryStreamStore implements StreamStore {
  readonly name: string = 'memory'
  protected readonly tree: StreamTree = new Map()
  private readonly bus = new LocalBus()

  constructor(protected readonly logger: Logger = silentLogger) {}

  async get(key: ItemKey): Promise<unknown> {
    return decode(this.tree.get(key.stream)?.get(key.group)?.get(key.item))
  }

  async set(key: ItemKey, value: unknown): Promise<SetResult> {
    const text = encode(value)
    const items = this.groupOf(key, true)
    const old = items.get(key.item)
    items.set(key.item, text)
    this.changed()
    return withOld(old, JSON.parse(text))
  }

  async delete(key: ItemKey): Promise<DeleteResult> {
    const items = this.groupOf(key, false)
    const old = items?.get(key.item)
    if (!items || old === undefined) return {}
    items.delete(key.item)
    this.prune(key)
    this.changed()
    return { old_value: JSON.parse(old) }
  }

  async update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult> {
    const old = this.groupOf(key, false)?.get(key.item)
    const { value, errors } = applyUpdateOps(decode(old), ops)
    const text = encode(value)
    this.groupOf(key, true).set(key.item, text)
    this.changed()
    const result: UpdateResult = withOld(old, JSON.parse(text))
    if (errors.length > 0) result.errors = errors
    return result
  }

  async list(stream: string, group: string): Promise<unknown[]> {
    return [...(this.tree.get(stream)?.get(group)?.values() ?? [])].map((text) => JSON.parse(text))
  }

  async listGroups(stream: string): Promise<string[]> {
    return [...(this.tree.get(stream)?.keys() ?? [])].sort()
  }

  async listAll(): Promise<StreamSummary[]> {
    return [...this.tree.entries()].map(([id, groups]) => ({ id, groups: [...groups.keys()].sort() })).sort(byId)
  }

  async publish(message: PushMessage): Promise<void> {
    this.bus.publish(message, (err) => this.logger.warn('stream push listener failed', { err }))
  }

  subscribe(listener: (message: PushMessage) => void): () => void {
    return this.bus.subscribe(listener)
  }

  async close(): Promise<void> {
    this.bus.clear()
  }

  /** Called after every write; the file adapter marks itself dirty here. */
  protected changed(): void {}

  private groupOf(key: ItemKey, create: true): Map<string, string>
  private groupOf(key: ItemKey, create: false): Map<string, string> | undefined
  private groupOf(key: ItemKey, create: boolean): Map<string, string> | undefined {
    let groups = this.tree.get(key.stream)
    if (!groups) {
      if (!create) return undefined
      groups = new Map()
      this.tree.set(key.stream, groups)
    }
    let items = groups.get(key.group)
    if (!items && create) {
      items = new Map()
      groups.set(key.group, items)
    }
    return items
  }

  /** Empty groups and streams disappear, as they do on Redis. */
  private prune(key: ItemKey): void {
    const groups = this.tree.get(key.stream)
    if (groups?.get(key.group)?.size === 0) groups.delete(key.group)
    if (groups?.size === 0) this.tree.delete(key.stream)
  }
}

const byId = (a: StreamSummary, b: StreamSummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

function withOld(old: string | undefined, newValue: unknown): SetResult {
  return old === undefined ? { new_value: newValue } : { old_value: JSON.parse(old), new_value: newValue }
}
