import { reconnectDelayMs } from './backoff'
import { type ErrorFrame, frameMatches, parseServerFrame, type StreamFrame } from './frames'
import type {
  BrowserSocket,
  SocketConstructor,
  StreamClientOptions,
  StreamClientStatus,
  StreamHandlers,
  StreamSubscription,
  StreamTarget,
} from './types'

const OPEN = 1

interface Entry {
  subscriptionId: string
  target: StreamTarget
  handlers: StreamHandlers
}

let counter = 0
/** Unique per page; `crypto.randomUUID` is missing outside secure contexts. */
const newSubscriptionId = () =>
  `sub-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`

function defaultSocket(): SocketConstructor {
  const ctor: unknown = Reflect.get(globalThis, 'WebSocket')
  if (typeof ctor !== 'function')
    throw new Error('no WebSocket in this environment; pass options.WebSocket')
  return ctor as SocketConstructor
}

/**
 * A browser client for the iii stream WebSocket (port 3112). It joins and leaves with
 * subscription ids, hands items and events to callbacks, reconnects with backoff and joins
 * every live subscription again after a reconnect (each join brings a fresh `onSync`).
 *
 * @example
 * const client = createStreamClient('ws://localhost:3112')
 * const sub = client.subscribe({ streamName: 'chat', groupId: 'room-1' }, {
 *   onSync: (items) => render(items),
 *   onCreate: (item) => append(item),
 * })
 * sub.unsubscribe()
 */
export class StreamClient {
  private readonly entries = new Map<string, Entry>()
  private readonly Socket: SocketConstructor
  private socket: BrowserSocket | undefined
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private closedByUser = false
  private current: StreamClientStatus = 'connecting'

  constructor(
    readonly url: string,
    private readonly options: StreamClientOptions = {},
  ) {
    this.Socket = options.WebSocket ?? defaultSocket()
    this.connect()
  }

  get status(): StreamClientStatus {
    return this.current
  }

  /** Joins now when connected, else as soon as the socket opens. */
  subscribe(target: StreamTarget, handlers: StreamHandlers = {}): StreamSubscription {
    const entry: Entry = { subscriptionId: newSubscriptionId(), target: { ...target }, handlers }
    this.entries.set(entry.subscriptionId, entry)
    this.sendFrame('join', entry)
    return {
      subscriptionId: entry.subscriptionId,
      target: entry.target,
      unsubscribe: () => {
        if (!this.entries.delete(entry.subscriptionId)) return
        this.sendFrame('leave', entry)
      },
    }
  }

  /** Closes the socket for good; subscriptions end without a leave (the server treats the close as one). */
  close(): void {
    this.closedByUser = true
    clearTimeout(this.timer)
    this.entries.clear()
    this.socket?.close(1000, 'client closed')
    this.setStatus('closed')
  }

  private connect(): void {
    const socket = new this.Socket(this.url)
    this.socket = socket
    socket.onopen = () => {
      this.attempt = 0
      this.setStatus('open')
      for (const entry of this.entries.values()) this.sendFrame('join', entry)
    }
    socket.onmessage = (event) => this.receive(event.data)
    socket.onclose = () => this.onClose(socket)
    // Browsers follow every error with a close event; reconnection is handled there.
    socket.onerror = () => {}
  }

  private onClose(socket: BrowserSocket): void {
    if (socket !== this.socket || this.closedByUser) return
    this.setStatus('reconnecting')
    const delay = reconnectDelayMs(this.attempt++, this.options.reconnect)
    this.timer = setTimeout(() => this.connect(), delay)
  }

  private sendFrame(type: 'join' | 'leave', entry: Entry): void {
    if (this.socket?.readyState !== OPEN) return
    const data: Record<string, string> = { subscriptionId: entry.subscriptionId, ...entry.target }
    this.socket.send(JSON.stringify({ type, data }))
  }

  private receive(data: unknown): void {
    const frame = parseServerFrame(data)
    if (!frame) return
    if (frame.type === 'error') this.receiveError(frame)
    else for (const entry of this.recipients(frame)) deliver(entry, frame)
  }

  private receiveError(frame: ErrorFrame): void {
    const entry =
      frame.subscriptionId === undefined ? undefined : this.entries.get(frame.subscriptionId)
    if (entry) entry.handlers.onError?.(frame.error)
    else this.options.onError?.(frame.error)
  }

  /** The subscription a frame names, or every subscription at its address (servers without ids). */
  private recipients(frame: StreamFrame): Entry[] {
    if (frame.subscriptionId !== undefined) {
      const entry = this.entries.get(frame.subscriptionId)
      return entry ? [entry] : []
    }
    return [...this.entries.values()].filter((e) => frameMatches(frame, e.target))
  }

  private setStatus(status: StreamClientStatus): void {
    if (status === this.current) return
    this.current = status
    this.options.onStatus?.(status)
  }
}

/** Calls the handler for the frame's event type; unknown types are ignored. */
function deliver(entry: Entry, frame: StreamFrame): void {
  const { handlers } = entry
  const { event, id } = frame
  const calls: Record<string, (() => void) | undefined> = {
    sync: () => handlers.onSync?.(event.data ?? null),
    create: () => handlers.onCreate?.(event.data, id),
    update: () => handlers.onUpdate?.(event.data, id),
    delete: () => handlers.onDelete?.(event.data, id),
    event: () => event.event && handlers.onEvent?.(event.event, id),
    unauthorized: () => handlers.onUnauthorized?.(),
  }
  if (Object.hasOwn(calls, event.type)) calls[event.type]?.()
}

/** Opens a stream client; see {@link StreamClient}. */
export function createStreamClient(url: string, options: StreamClientOptions = {}): StreamClient {
  return new StreamClient(url, options)
}
