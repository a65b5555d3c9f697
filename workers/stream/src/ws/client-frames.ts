import type { ErrorCode } from '@iii/protocol'
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'

/** `data` of a join or leave frame (BUILTINS.md §6.2). */
export interface SubscriptionRequest {
  subscriptionId: string
  streamName: string
  groupId: string
  id?: string
}

export type ClientFrame = { type: 'join' | 'leave'; data: SubscriptionRequest }

const Name = Type.String({ minLength: 1, maxLength: 1024 })
const FrameSchema = Type.Object({
  type: Type.Union([Type.Literal('join'), Type.Literal('leave')]),
  data: Type.Object({
    subscriptionId: Name,
    streamName: Name,
    groupId: Name,
    id: Type.Optional(Type.Union([Name, Type.Null()])),
  }),
})
const checkFrame = TypeCompiler.Compile(FrameSchema)

/** Parses one client text frame; a problem comes back as a sentence for the error frame. */
export function parseClientFrame(text: string): { frame: ClientFrame } | { problem: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'frame is not valid JSON' }
  }
  if (!checkFrame.Check(value)) {
    const first = checkFrame.Errors(value).First()
    const where = first?.path || '/'
    if (where === '/type') return { problem: 'frame type must be "join" or "leave"' }
    return { problem: `invalid frame at ${where}: ${first?.message ?? 'invalid'}` }
  }
  const { subscriptionId, streamName, groupId, id } = value.data
  const data: SubscriptionRequest = { subscriptionId, streamName, groupId }
  if (typeof id === 'string') data.id = id
  return { frame: { type: value.type, data } }
}

/** The error frame sent for a frame the server cannot use; the connection stays open. */
export function errorFrame(code: ErrorCode, message: string, subscriptionId?: string): string {
  const frame: Record<string, unknown> = { type: 'error', error: { code, message } }
  if (subscriptionId !== undefined) frame.subscriptionId = subscriptionId
  return JSON.stringify(frame)
}
