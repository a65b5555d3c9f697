import { type Logger, silentLogger } from '@iii/core'
import { applyUpdateOps, type UpdateOp } from '@iii/update-ops'
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

/** stream → group → item → JSON text. */
export type StreamTree = Map<string, Map<string, Map<string, string>>>

/** Values are kept as JSON text, so a stored item never aliases a caller's object. */
const encode = (value: unknown): string => JSON.stringify(value === undefined ? null : value)
const decode = (text: string | undefined): unknown =>
  text === undefined ? undefined : JSON.parse(text)

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
    const old = this.putText(key, text)
    return withOld(old, JSON.parse(text))
  }

  async delete(key: ItemKey): Promise<DeleteResult> {
    const old = this.removeText(key)
    return old === undefined ? {} : { old_value: JSON.parse(old) }
  }

  async update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult> {
    const { text, old, result } = this.computeUpdate(key, ops)
    this.putText(key, text)
    return withOld(old, result.new_value, result.errors)
  }

  async list(stream: string, group: string): Promise<unknown[]> {
    return [...(this.tree.get(stream)?.get(group)?.values() ?? [])].map((text) => JSON.parse(text))
  }

  async listGroups(stream: string): Promise<string[]> {
    return [...(this.tree.get(stream)?.keys() ?? [])].sort()
  }

  async listAll(): Promise<StreamSummary[]> {
    return [...this.tree.entries()]
      .map(([id, groups]) => ({ id, groups: [...groups.keys()].sort() }))
      .sort(byId)
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

  /** Items held, over every stream and group (logged when a memory store is dropped). */
  size(): number {
    let n = 0
    for (const groups of this.tree.values()) for (const items of groups.values()) n += items.size
    return n
  }

  /** The result of `ops` on the item as JSON text; nothing is written. */
  protected computeUpdate(
    key: ItemKey,
    ops: UpdateOp[],
  ): { text: string; old: string | undefined; result: UpdateResult } {
    const old = this.groupOf(key, false)?.get(key.item)
    const { value, errors } = applyUpdateOps(decode(old), ops)
    const text = encode(value)
    return { text, old, result: { new_value: JSON.parse(text), errors } }
  }

  /** Stores an item's JSON text; returns the previous text. */
  protected putText(key: ItemKey, text: string): string | undefined {
    const items = this.groupOf(key, true)
    const old = items.get(key.item)
    items.set(key.item, text)
    return old
  }

  /** Removes an item (and an emptied group and stream); returns the previous text. */
  protected removeText(key: ItemKey): string | undefined {
    const items = this.groupOf(key, false)
    const old = items?.get(key.item)
    if (!items || old === undefined) return undefined
    items.delete(key.item)
    this.prune(key)
    return old
  }

  /** Puts back `old` (absent when `undefined`): undoes a change that could not be stored. */
  protected restoreText(key: ItemKey, old: string | undefined): void {
    if (old === undefined) this.removeText(key)
    else this.putText(key, old)
  }

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

/** `{old_value?, new_value, errors?}`: `old_value` only when the item existed, `errors` only when some op failed. */
export function withOld(
  old: string | undefined,
  newValue: unknown,
  errors: UpdateResult['errors'] = [],
): UpdateResult {
  const result: UpdateResult =
    old === undefined
      ? { new_value: newValue }
      : { old_value: JSON.parse(old), new_value: newValue }
  if (errors.length > 0) result.errors = errors
  return result
}
