import type { ErrorCode, RelayedCode } from '@iii/protocol'
import type { UpdateOpError as OwnOpError, UpdateOp } from '@iii/update-ops'
import type { PushMessage } from './message'

/**
 * One failed update op (BUILTINS.md §0.3): one of ours (a registry code), or one a custom
 * storage function reported, carried on with its own code.
 */
export type UpdateOpError = Omit<OwnOpError, 'code' | 'doc_url'> & {
  code: ErrorCode | RelayedCode
  doc_url?: string
}

export interface SetResult {
  /** Present when the item existed. */
  old_value?: unknown
  new_value: unknown
}

export interface DeleteResult {
  /** Present when the item existed. */
  old_value?: unknown
}

export interface UpdateResult extends SetResult {
  errors?: UpdateOpError[]
}

export interface StreamSummary {
  id: string
  groups: string[]
}

/** Item address `stream_name › group_id › item_id`. */
export interface ItemKey {
  stream: string
  group: string
  item: string
}

/**
 * The stream adapter contract: storage plus the live-push fan-out. Memory, file and Redis
 * implement it with the same semantics; one conformance suite runs against each.
 */
export interface StreamStore {
  /** Adapter name (`memory`, `file`, `redis`). */
  readonly name: string
  /** The item, or `undefined` when absent. */
  get(key: ItemKey): Promise<unknown>
  set(key: ItemKey, value: unknown): Promise<SetResult>
  delete(key: ItemKey): Promise<DeleteResult>
  /** Applies a checked op list (`parseUpdateOps`) atomically to one item; an absent item starts as `{}`. */
  update(key: ItemKey, ops: UpdateOp[]): Promise<UpdateResult>
  /** The group's items, in no particular order. */
  list(stream: string, group: string): Promise<unknown[]>
  /** Group ids holding at least one item, sorted. */
  listGroups(stream: string): Promise<string[]>
  /** Every stream with its groups, sorted by stream id. */
  listAll(): Promise<StreamSummary[]>
  /** Sends a push to every engine sharing this store (only this one for memory and file). */
  publish(message: PushMessage): Promise<void>
  /** Receives every published push, this engine's own included; returns an unsubscribe. */
  subscribe(listener: (message: PushMessage) => void): () => void
  /** Flushes pending writes and releases connections. */
  close(): Promise<void>
}
