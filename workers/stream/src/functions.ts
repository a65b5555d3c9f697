import { type CallInfo, parseInput } from '@iii/core'
import type { ErrorCode, IIIError } from '@iii/protocol'
import { adapterCall } from '@iii/storage'
import type { TSchema } from '@sinclair/typebox'
import {
  GroupInput,
  ItemInput,
  ListAllInput,
  SendInput,
  SetInput,
  StreamInput,
  UpdateInput,
} from './inputs'
import type { StreamService } from './service'

type Handler = (data: unknown, call: CallInfo) => Promise<unknown>
type ParsedOf<T extends TSchema> = ReturnType<typeof parseInput<T>>

/**
 * Validates with `code`, runs `fn`, and reports any failure under `code` (the one adapter-error
 * rule, `adapterCall`); errors raised by a custom-storage function are another function's, so
 * they are reported under `code` too, keeping their message (BUILTINS.md §6.1 error codes).
 */
function handle<T extends TSchema>(
  code: ErrorCode,
  schema: T,
  fn: (input: ParsedOf<T>, call: CallInfo) => Promise<unknown>,
): Handler {
  const ownError = (err: IIIError) => err.code === code || err.code.startsWith('VALUE_')
  return async (data, call) => {
    const input = parseInput(schema, data, code)
    return adapterCall(code, () => fn(input, call), { passThrough: ownError })
  }
}

/** The wire form of a write: `old_value` is `null` when the item was absent (as the reference). */
const withOldValue = async <T extends { old_value?: unknown }>(result: Promise<T>) => {
  const r = await result
  return { ...r, old_value: r.old_value ?? null }
}

/** `[id, description, handler]` for every `stream::*` function. */
export function streamFunctions(service: StreamService): [string, string, Handler][] {
  return [
    [
      'stream::set',
      'Store an item; pushes create or update to subscribers.',
      handle('STREAM_SET_ERROR', SetInput, (i, c) => withOldValue(service.set(i, c))),
    ],
    [
      'stream::get',
      'Read an item; no result when it is absent.',
      handle('STREAM_GET_ERROR', ItemInput, (i, c) => service.get(i, c)),
    ],
    [
      'stream::delete',
      'Delete an item; pushes delete with the old value.',
      handle('STREAM_DELETE_ERROR', ItemInput, (i, c) => withOldValue(service.delete(i, c))),
    ],
    [
      'stream::list',
      "A group's items.",
      handle('STREAM_GET_GROUP_ERROR', GroupInput, (i, c) => service.list(i, c)),
    ],
    [
      'stream::list_groups',
      "A stream's group ids.",
      handle('STREAM_LIST_GROUPS_ERROR', StreamInput, (i, c) => service.listGroups(i, c)),
    ],
    [
      'stream::list_all',
      'Every stream with its groups.',
      handle('STREAM_LIST_ALL_ERROR', ListAllInput, (_i, c) => service.listAll(c)),
    ],
    [
      'stream::send',
      'Push an event to subscribers without storing it.',
      handle('STREAM_SEND_ERROR', SendInput, (i) => service.send(i)),
    ],
    [
      'stream::update',
      'Apply update ops atomically to an item; pushes update.',
      handle('STREAM_UPDATE_ERROR', UpdateInput, (i, c) => withOldValue(service.update(i, c))),
    ],
  ]
}
