import type { BudgetedSocket, OutboundBudget } from '@iii/core'
import type { Subscription } from './subscriptions'

/** What a connection needs from its socket. */
export interface SocketPort {
  /** Hands a text frame to the socket; false when it is gone. */
  send(text: string): boolean
  /** Bytes written but not yet accepted by the peer. */
  bufferedBytes(): number
  close(code: number, reason: string): void
}

export interface ConnectionOptions {
  /** Pushes a subscription may have waiting before the socket is closed as too slow. */
  channelSize: number
  /** Socket buffer level above which frames wait in the subscriber buffers. */
  highWaterBytes: number
  /** Called once when the connection is closed for falling behind. */
  onOverflow?: () => void
  /**
   * The engine's outbound byte budget: every frame (sync replies included) is admitted by it,
   * counting the bytes waiting here as well as in the socket.
   */
  budget?: OutboundBudget
  /** Shown when the budget closes the socket. */
  label?: string
}

/** Close code for a subscriber whose buffer overflowed (1013: try again later). */
export const slowSubscriberCloseCode = 1013

interface Pending {
  text: string
  sub: Subscription | undefined
  bytes: number
}

/**
 * One browser socket: its auth context, its subscriptions and its outbound buffer. Frames go
 * straight to the socket while it keeps up; otherwise they wait here, at most `channelSize`
 * per subscription. A subscriber that falls further behind is disconnected (it re-joins and
 * gets a fresh sync), so a slow client never grows memory without bound.
 */
export class Connection {
  readonly subscriptions = new Map<string, Subscription>()
  closed = false
  private readonly queue: Pending[] = []
  private readonly waiting = new Map<Subscription | undefined, number>()
  private tail: Promise<void> = Promise.resolve()
  /** Bytes of the frames in `queue`. */
  private queuedBytes = 0
  private readonly budgeted: BudgetedSocket

  constructor(
    private readonly socket: SocketPort,
    readonly context: unknown,
    private readonly options: ConnectionOptions,
  ) {
    this.budgeted = {
      label: options.label ?? 'stream subscriber',
      bufferedBytes: () => (this.closed ? 0 : this.socket.bufferedBytes() + this.queuedBytes),
      close: (code, reason) => this.shut(code, reason),
    }
  }

  /** Runs client-frame handlers one at a time, in arrival order. A task reports its own failures. */
  enqueueTask(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch(() => undefined)
  }

  /** A frame for this socket; `sub` is the subscription it belongs to, if any. */
  send(text: string, sub?: Subscription): void {
    if (this.closed) return
    if (sub?.held) {
      if (sub.held.length < this.options.channelSize) sub.held.push(text)
      else this.overflow()
      return
    }
    const budget = this.options.budget
    const bytes = Buffer.byteLength(text)
    if (budget && !budget.admit(this.budgeted, bytes)) return
    if (this.queue.length === 0 && this.socket.bufferedBytes() < this.options.highWaterBytes) {
      if (!this.socket.send(text)) this.closed = true
      budget?.settle(this.budgeted)
      return
    }
    const count = this.waiting.get(sub) ?? 0
    if (count >= this.options.channelSize) {
      this.overflow()
      return
    }
    this.waiting.set(sub, count + 1)
    this.queue.push({ text, sub, bytes })
    this.queuedBytes += bytes
    budget?.settle(this.budgeted)
  }

  /** The socket closed: its bytes leave the budget. */
  dispose(): void {
    this.options.budget?.release(this.budgeted)
  }

  /** Sends a subscription's held pushes after its sync reply. */
  release(sub: Subscription): void {
    const held = sub.held ?? []
    sub.held = undefined
    for (const text of held) this.send(text, sub)
  }

  /** The socket accepted more bytes: move waiting frames out while it keeps up. */
  drain(): void {
    while (
      !this.closed &&
      this.queue.length > 0 &&
      this.socket.bufferedBytes() < this.options.highWaterBytes
    ) {
      const next = this.queue.shift()
      if (!next) break
      this.queuedBytes -= next.bytes
      const count = (this.waiting.get(next.sub) ?? 1) - 1
      if (count === 0) this.waiting.delete(next.sub)
      else this.waiting.set(next.sub, count)
      if (!this.socket.send(next.text)) this.closed = true
    }
    this.options.budget?.settle(this.budgeted)
  }

  /** Frames waiting in this connection's buffers. */
  get pendingFrames(): number {
    return this.queue.length
  }

  private overflow(): void {
    this.options.onOverflow?.()
    this.shut(slowSubscriberCloseCode, 'stream subscriber too slow: buffer full')
  }

  private shut(code: number, reason: string): void {
    this.closed = true
    this.queue.length = 0
    this.queuedBytes = 0
    this.waiting.clear()
    this.options.budget?.release(this.budgeted)
    this.socket.close(code, reason)
  }
}
