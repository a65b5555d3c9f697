/** Where a subscription points (BUILTINS.md §6.2). */
export interface StreamTarget {
  streamName: string
  groupId: string
  /** Set to follow one item; omit to follow the whole group. */
  id?: string
}

/** A server-side error frame: a client frame the server could not use, or a failed sync. */
export interface StreamError {
  code: string
  message: string
}

/** Callbacks of one subscription; every one is optional. */
export interface StreamHandlers {
  /** Full state on every (re)join: the item (or `null`) for an item subscription, the item list for a group. */
  onSync?(data: unknown): void
  onCreate?(data: unknown, id: string | undefined): void
  onUpdate?(data: unknown, id: string | undefined): void
  onDelete?(data: unknown, id: string | undefined): void
  /** A custom event from `stream::send`. */
  onEvent?(event: { type: string; data: unknown }, id: string | undefined): void
  /** A `stream:join` hook refused this subscription; it is tried again after a reconnect. */
  onUnauthorized?(): void
  onError?(error: StreamError): void
}

export type StreamClientStatus = 'connecting' | 'open' | 'reconnecting' | 'closed'

/** The part of the browser `WebSocket` the client uses. */
export interface BrowserSocket {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export type SocketConstructor = new (url: string) => BrowserSocket

export interface ReconnectOptions {
  /** @default 250 */
  initialDelayMs?: number
  /** @default 10000 */
  maxDelayMs?: number
  /** @default 2 */
  factor?: number
}

export interface StreamClientOptions {
  /** Reconnection backoff; every subscription is joined again after a reconnect. */
  reconnect?: ReconnectOptions
  /** A WebSocket implementation. @default globalThis.WebSocket */
  WebSocket?: SocketConstructor
  /** Status changes: connecting, open, reconnecting, closed. */
  onStatus?(status: StreamClientStatus): void
  /** Error frames that name no subscription. */
  onError?(error: StreamError): void
}

/** A live subscription. */
export interface StreamSubscription {
  readonly subscriptionId: string
  readonly target: Readonly<StreamTarget>
  /** Leaves the subscription; no callback runs afterwards. */
  unsubscribe(): void
}
