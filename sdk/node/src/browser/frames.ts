import type { StreamError, StreamTarget } from './types'

/** A `{type: "stream"}` server frame (BUILTINS.md §6.2). */
export interface StreamFrame {
  type: 'stream'
  streamName: string
  groupId: string
  id?: string
  /** Added by the iii engine; older servers route by address only. */
  subscriptionId?: string
  event: { type: string; data?: unknown; event?: { type: string; data: unknown } }
}

export interface ErrorFrame {
  type: 'error'
  subscriptionId?: string
  error: StreamError
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const optionalString = (v: unknown): v is string | undefined =>
  v === undefined || typeof v === 'string'

/** Parses a server text frame; anything else (binary, unknown shapes) is `undefined`. */
export function parseServerFrame(data: unknown): StreamFrame | ErrorFrame | undefined {
  if (typeof data !== 'string') return undefined
  let f: unknown
  try {
    f = JSON.parse(data)
  } catch {
    return undefined
  }
  if (!isRecord(f)) return undefined
  const subscriptionId = f.subscriptionId
  if (!optionalString(subscriptionId)) return undefined
  if (f.type === 'error' && isRecord(f.error)) {
    return {
      type: 'error',
      subscriptionId,
      error: { code: String(f.error.code), message: String(f.error.message) },
    }
  }
  const { id, event } = f
  if (
    f.type !== 'stream' ||
    typeof f.streamName !== 'string' ||
    typeof f.groupId !== 'string' ||
    !optionalString(id)
  )
    return undefined
  if (!isRecord(event) || typeof event.type !== 'string') return undefined
  const inner = isRecord(event.event) ? parseEvent(event.event) : undefined
  return {
    type: 'stream',
    streamName: f.streamName,
    groupId: f.groupId,
    id,
    subscriptionId,
    event: { type: event.type, data: event.data, event: inner },
  }
}

function parseEvent(e: Record<string, unknown>): { type: string; data: unknown } {
  return { type: String(e.type), data: e.data }
}

/** Whether a frame without a subscription id concerns `target` (same address; group subscriptions see every item). */
export function frameMatches(frame: StreamFrame, target: StreamTarget): boolean {
  if (frame.streamName !== target.streamName || frame.groupId !== target.groupId) return false
  if (frame.event.type === 'sync' || frame.event.type === 'unauthorized')
    return frame.id === target.id
  return target.id === undefined || frame.id === target.id
}
