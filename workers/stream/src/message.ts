/** What happened to an item or group (BUILTINS.md §6.2). */
export type StreamEvent =
  | { type: 'sync'; data: unknown }
  | { type: 'create'; data: unknown }
  | { type: 'update'; data: unknown }
  | { type: 'delete'; data: unknown }
  | { type: 'event'; event: { type: string; data: unknown } }
  | { type: 'unauthorized' }

/** A server frame on the browser socket, and the `stream` trigger payload (camelCase). */
export interface StreamMessage {
  type: 'stream'
  /** Milliseconds since the epoch. */
  timestamp: number
  streamName: string
  groupId: string
  id?: string
  event: StreamEvent
}

/** A push that changes or announces something; `sync` and `unauthorized` are per-socket replies. */
export type PushMessage = StreamMessage & {
  event: Exclude<StreamEvent, { type: 'sync' } | { type: 'unauthorized' }>
}

/** Where a message is addressed. */
export interface StreamAddress {
  streamName: string
  groupId: string
  id?: string | undefined
}

/** Builds a message; `id` is left out when absent. */
export function createMessage<TEvent extends StreamEvent>(
  address: StreamAddress,
  event: TEvent,
): StreamMessage & { event: TEvent } {
  const message: StreamMessage & { event: TEvent } = {
    type: 'stream',
    timestamp: Date.now(),
    streamName: address.streamName,
    groupId: address.groupId,
    event,
  }
  if (address.id !== undefined) message.id = address.id
  return message
}

const pushTypes = new Set(['create', 'update', 'delete', 'event'])

/** Validates a message received from another engine over the shared bus. */
export function isPushMessage(value: unknown): value is PushMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  const event = m.event as Record<string, unknown> | null | undefined
  return (
    m.type === 'stream' &&
    typeof m.streamName === 'string' &&
    typeof m.groupId === 'string' &&
    (m.id === undefined || typeof m.id === 'string') &&
    typeof event === 'object' &&
    event !== null &&
    pushTypes.has(String(event.type))
  )
}
