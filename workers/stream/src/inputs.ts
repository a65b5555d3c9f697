import { type Static, Type } from '@sinclair/typebox'

const Name = Type.String({ minLength: 1 })

/** `{stream_name, group_id, item_id}`: one item. */
export const ItemInput = Type.Object({ stream_name: Name, group_id: Name, item_id: Name })
export type ItemInput = Static<typeof ItemInput>

export const SetInput = Type.Object({
  stream_name: Name,
  group_id: Name,
  item_id: Name,
  data: Type.Unknown(),
})
export type SetInput = Static<typeof SetInput>

export const GroupInput = Type.Object({ stream_name: Name, group_id: Name })
export type GroupInput = Static<typeof GroupInput>

export const StreamInput = Type.Object({ stream_name: Name })
export type StreamInput = Static<typeof StreamInput>

export const ListAllInput = Type.Object({})

export const SendInput = Type.Object({
  stream_name: Name,
  group_id: Name,
  id: Type.Optional(Type.Union([Name, Type.Null()])),
  type: Name,
  data: Type.Optional(Type.Unknown()),
})
export type SendInput = Static<typeof SendInput>

/** Ops are checked one by one when applied; a bad op is reported, not fatal (BUILTINS.md §0.3). */
export const UpdateInput = Type.Object({
  stream_name: Name,
  group_id: Name,
  item_id: Name,
  ops: Type.Array(Type.Unknown(), { maxItems: 10_000 }),
})
export type UpdateInput = Static<typeof UpdateInput>
