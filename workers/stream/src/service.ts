import type { CallInfo, Logger } from '@iii/core'
import { applyUpdateOps, parseUpdateOps, type UpdateOp } from '@iii/update-ops'
import type { CustomStorage, DelegatedOp } from './custom-storage'
import type { GroupInput, ItemInput, SendInput, SetInput, StreamInput, UpdateInput } from './inputs'
import { createMessage, type PushMessage } from './message'
import type {
  DeleteResult,
  ItemKey,
  SetResult,
  StreamStore,
  StreamSummary,
  UpdateResult,
} from './store'
import type { StreamTriggers } from './triggers'

const keyOf = (input: ItemInput): ItemKey => ({
  stream: input.stream_name,
  group: input.group_id,
  item: input.item_id,
})
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Only the documented fields go to a delegate (never `_caller_worker_id`). */
const itemFields = (i: ItemInput) => ({
  stream_name: i.stream_name,
  group_id: i.group_id,
  item_id: i.item_id,
})

/** What a `StreamService` runs on. */
export interface StreamServiceParts {
  store: StreamStore
  /** A worker's own storage for a stream, when it registered one. */
  custom: CustomStorage
  triggers: StreamTriggers
  logger: Logger
}

/**
 * The stream operations behind `stream::*`: storage (the adapter, or a worker's custom storage
 * for that stream), then live pushes and `stream` triggers for writes (BUILTINS.md §6.1).
 */
export class StreamService {
  private readonly store: StreamStore
  private readonly custom: CustomStorage
  private readonly triggers: StreamTriggers
  private readonly logger: Logger

  constructor(parts: StreamServiceParts) {
    this.store = parts.store
    this.custom = parts.custom
    this.triggers = parts.triggers
    this.logger = parts.logger
  }

  async get(input: ItemInput, call?: CallInfo): Promise<unknown> {
    const value = this.delegates('get', input)
      ? await this.delegate('get', itemFields(input), call)
      : await this.store.get(keyOf(input))
    return value
  }

  async set(input: SetInput, call?: CallInfo): Promise<SetResult> {
    const data = input.data === undefined ? null : input.data
    const result = await this.write(input, data, call)
    const type = 'old_value' in result ? 'update' : 'create'
    await this.push(createMessage(address(input), { type, data: result.new_value }))
    return result
  }

  async delete(input: ItemInput, call?: CallInfo): Promise<DeleteResult> {
    const result = this.delegates('delete', input)
      ? toDeleteResult(await this.delegate('delete', itemFields(input), call))
      : await this.store.delete(keyOf(input))
    if ('old_value' in result)
      await this.push(createMessage(address(input), { type: 'delete', data: result.old_value }))
    return result
  }

  /** A malformed op list is refused as a whole before anything is read or written. */
  async update(input: UpdateInput, call?: CallInfo): Promise<UpdateResult> {
    const ops = parseUpdateOps(input.ops, 'STREAM_UPDATE_ERROR')
    const result = await this.applyUpdate(input, ops, call)
    await this.push(createMessage(address(input), { type: 'update', data: result.new_value }))
    return result
  }

  async list(input: GroupInput, call?: CallInfo): Promise<unknown[]> {
    if (!this.delegates('list', input)) return this.store.list(input.stream_name, input.group_id)
    const fields = { stream_name: input.stream_name, group_id: input.group_id }
    const items = await this.delegate('list', fields, call)
    if (!Array.isArray(items))
      throw new Error(`custom storage for ${input.stream_name} returned a non-array list`)
    return items
  }

  async listGroups(input: StreamInput, call?: CallInfo): Promise<string[]> {
    if (!this.delegates('list_groups', input)) return this.store.listGroups(input.stream_name)
    const groups = await this.delegate('list_groups', { stream_name: input.stream_name }, call)
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string'))
      throw new Error(
        `custom storage for ${input.stream_name} returned group ids that are not strings`,
      )
    return groups
  }

  /** Adapter streams plus streams kept in custom storage. */
  async listAll(call?: CallInfo): Promise<{ stream: StreamSummary[]; count: number }> {
    const byId = new Map((await this.store.listAll()).map((s) => [s.id, s]))
    for (const id of this.custom.streams())
      byId.set(id, { id, groups: await this.listGroups({ stream_name: id }, call) })
    const stream = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return { stream, count: stream.length }
  }

  /** An event for subscribers only; nothing is stored. */
  async send(input: SendInput): Promise<null> {
    const target = {
      streamName: input.stream_name,
      groupId: input.group_id,
      id: input.id ?? undefined,
    }
    const data = input.data === undefined ? null : input.data
    await this.push(createMessage(target, { type: 'event', event: { type: input.type, data } }))
    return null
  }

  private async write(input: SetInput, data: unknown, call?: CallInfo): Promise<SetResult> {
    if (!this.delegates('set', input)) return this.store.set(keyOf(input), data)
    return toSetResult(await this.delegate('set', { ...itemFields(input), data }, call), data)
  }

  private async applyUpdate(
    input: UpdateInput,
    ops: UpdateOp[],
    call?: CallInfo,
  ): Promise<UpdateResult> {
    if (this.delegates('update', input)) {
      return toSetResult(
        await this.delegate('update', { ...itemFields(input), ops }, call),
        undefined,
      )
    }
    if (this.delegates('get', input) || this.delegates('set', input))
      return this.updateThroughCustom(input, ops, call)
    return this.store.update(keyOf(input), ops)
  }

  /**
   * The published SDK's `createStream` registers no `update`: read, apply the shared op
   * semantics here and write back through the custom functions. Not atomic; that is the
   * custom store's contract, not ours.
   */
  private async updateThroughCustom(
    input: UpdateInput,
    ops: UpdateOp[],
    call?: CallInfo,
  ): Promise<UpdateResult> {
    const current = await this.get(input, call)
    const { value, errors } = applyUpdateOps(current, ops)
    const written = await this.write({ ...itemFields(input), data: value }, value, call)
    const result: UpdateResult =
      current === undefined
        ? { new_value: written.new_value }
        : { old_value: current, new_value: written.new_value }
    if (errors.length > 0) result.errors = errors
    return result
  }

  private delegates(op: DelegatedOp, input: StreamInput): boolean {
    return this.custom.has(op, input.stream_name)
  }

  /** Hands `op` to the stream's custom storage; `fields` is what the delegate receives. */
  private delegate(
    op: DelegatedOp,
    fields: StreamInput & Record<string, unknown>,
    call?: CallInfo,
  ): Promise<unknown> {
    return this.custom.call({ op, stream: fields.stream_name }, fields, call)
  }

  /** Live pushes (every engine) and `stream` triggers (this engine, where the write happened). */
  private async push(message: PushMessage): Promise<void> {
    this.triggers.fireStream(message)
    try {
      await this.store.publish(message)
    } catch (err) {
      this.logger.warn('stream push could not be published; the write itself succeeded', {
        stream: message.streamName,
        err,
      })
    }
  }
}

function address(input: ItemInput) {
  return { streamName: input.stream_name, groupId: input.group_id, id: input.item_id }
}

/** A delegate's `{old_value?, new_value, errors?}`; `null` old values count as absent (other SDKs send None/nil). */
function toSetResult(result: unknown, fallback: unknown): UpdateResult {
  if (!isObject(result) || !('new_value' in result))
    return { new_value: fallback === undefined ? null : fallback }
  const out: UpdateResult = { new_value: result.new_value }
  if (result.old_value !== undefined && result.old_value !== null) out.old_value = result.old_value
  if (Array.isArray(result.errors) && result.errors.length > 0) out.errors = result.errors
  return out
}

function toDeleteResult(result: unknown): DeleteResult {
  return isObject(result) && result.old_value !== undefined && result.old_value !== null
    ? { old_value: result.old_value }
    : {}
}
