import type { FunctionSchemas } from '@iii/core'
import { type Static, Type } from '@sinclair/typebox'
import {
  GroupInput,
  ItemInput,
  ListAllInput,
  SendInput,
  SetInput,
  StreamInput,
  UpdateInput,
} from './inputs'

const Json = Type.Unknown()
/** `old_value` is `null` when the item was absent. */
const Change = Type.Object({ old_value: Json, new_value: Json })

/** Request and response schemas of every `stream::*` function, by id. */
export const streamSchemas: Record<string, FunctionSchemas> = {
  'stream::set': { request_format: SetInput, response_format: Change },
  'stream::get': { request_format: ItemInput, response_format: Json },
  'stream::delete': {
    request_format: ItemInput,
    response_format: Type.Object({ old_value: Json }),
  },
  'stream::list': { request_format: GroupInput, response_format: Type.Array(Json) },
  'stream::list_groups': {
    request_format: StreamInput,
    response_format: Type.Array(Type.String()),
  },
  'stream::list_all': {
    request_format: ListAllInput,
    response_format: Type.Object({
      stream: Type.Array(Type.Object({ id: Type.String(), groups: Type.Array(Type.String()) })),
      count: Type.Number(),
    }),
  },
  'stream::send': { request_format: SendInput, response_format: Type.Null() },
  'stream::update': {
    request_format: UpdateInput,
    response_format: Type.Object({
      ...Change.properties,
      errors: Type.Optional(Type.Array(Json)),
    }),
  },
}

/** Config of the `stream` trigger type. */
export const StreamTriggerConfig = Type.Object({
  stream_name: Type.String({ minLength: 1 }),
  group_id: Type.Optional(Type.String()),
  item_id: Type.Optional(Type.String()),
  condition_function_id: Type.Optional(Type.String()),
})
export type StreamTriggerConfig = Static<typeof StreamTriggerConfig>

/** Config of `stream:join` and `stream:leave`. */
export const JoinLeaveConfig = Type.Object({ condition_function_id: Type.Optional(Type.String()) })

/** What `stream:join` and `stream:leave` functions receive. */
export const JoinLeavePayloadSchema = Type.Object({
  subscription_id: Type.String(),
  stream_name: Type.String(),
  group_id: Type.String(),
  id: Type.Optional(Type.String()),
  context: Json,
})
