import { randomUUID } from 'node:crypto'
import { newId } from './ids'
import type { Logger } from './logger'
import type { WorkerRecord } from './model'

/** One connected end of a channel, implemented by the server over a socket. */
export interface ChannelEnd {
  /** Sends a frame; returns false when the socket is backpressured (the data is still queued by the socket). */
  send(data: ArrayBuffer | Uint8Array | string, isBinary: boolean): boolean
  close(code: number, reason: string): void
}

export type ChannelDirection = 'read' | 'write'

export interface ChannelOptions {
  /** Frames buffered between writer and reader, clamped to 1..1024. @default 64 */
  bufferSize?: number
  owner?: WorkerRecord | null
}

export const channelDefaults = {
  bufferSize: 64,
  /** A channel with an end that never connected is removed after this long. */
  unclaimedTtlMs: 5 * 60_000,
  sweepIntervalMs: 60_000,
  /** Bytes a channel may hold for a slow reader before it is closed (sockets cannot be paused). */
  maxQueuedBytes: 64 * 1024 * 1024,
}

interface Queued {
  data: Uint8Array | string
  isBinary: boolean
}

/** An ordered relay from one writer to one reader (PROTOCOL.md §8). */
export class Channel {
  readonly id = newId()
  // 122 random bits from the UUID entropy pool: unguessable, and no syscall per channel.
  readonly accessKey = randomUUID()
  readonly createdAt = Date.now()
  private reader: ChannelEnd | undefined
  private writer: ChannelEnd | undefined
  private readonly claimed = { read: false, write: false }
  private readonly queue: Queued[] = []
  private queuedBytes = 0
  private readerBlocked = false
  private writerDone = false
  closed = false

  constructor(
    readonly bufferSize: number,
    readonly owner: WorkerRecord | null,
    private readonly onClosed: (channel: Channel) => void,
  ) {}

  /** Each end can be claimed once; a second claimant is refused. */
  claim(direction: ChannelDirection, end: ChannelEnd): boolean {
    if (this.closed || this.claimed[direction]) return false
    this.claimed[direction] = true
    if (direction === 'read') {
      this.reader = end
      this.flush()
    } else {
      this.writer = end
    }
    return true
  }

  get fullyClaimed(): boolean {
    return this.claimed.read && this.claimed.write
  }

  /** A frame from the writer. `data` is only valid during the call; it is copied when queued. */
  write(data: ArrayBuffer | string, isBinary: boolean): void {
    if (this.closed) return
    if (this.reader && !this.readerBlocked && this.queue.length === 0) {
      if (!this.reader.send(data, isBinary)) this.readerBlocked = true
      return
    }
    const copy = typeof data === 'string' ? data : new Uint8Array(data.slice(0))
    this.queue.push({ data: copy, isBinary })
    this.queuedBytes += typeof copy === 'string' ? copy.length : copy.byteLength
    if (this.queuedBytes > channelDefaults.maxQueuedBytes)
      this.close(1009, 'channel buffer overflow')
  }

  /** The reader's socket drained. */
  readerDrained(): void {
    this.readerBlocked = false
    this.flush()
  }

  /** The writer finished: the reader gets the rest, then a close. */
  writerClosed(): void {
    this.writer = undefined
    this.writerDone = true
    this.flush()
  }

  readerClosed(): void {
    this.reader = undefined
    this.close(1000, 'reader closed')
  }

  close(code = 1000, reason = 'channel closed'): void {
    if (this.closed) return
    this.closed = true
    this.queue.length = 0
    this.queuedBytes = 0
    const { reader, writer } = this
    this.reader = undefined
    this.writer = undefined
    reader?.close(code, reason)
    writer?.close(code, reason)
    this.onClosed(this)
  }

  private flush(): void {
    const reader = this.reader
    if (!reader) return
    while (this.queue.length > 0 && !this.readerBlocked) {
      const next = this.queue.shift() as Queued
      this.queuedBytes -= typeof next.data === 'string' ? next.data.length : next.data.byteLength
      if (!reader.send(next.data, next.isBinary)) this.readerBlocked = true
    }
    if (this.writerDone && this.queue.length === 0) this.close(1000, 'writer closed')
  }
}

/** Live channels, their ownership and the sweep of channels whose ends never connected. */
export class ChannelRegistry {
  private readonly byId = new Map<string, Channel>()
  private readonly perOwner = new Map<WorkerRecord, number>()
  private sweepTimer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly logger: Logger) {}

  create(options: ChannelOptions = {}): Channel {
    const size = Math.min(
      1024,
      Math.max(1, Math.trunc(options.bufferSize ?? channelDefaults.bufferSize)),
    )
    const owner = options.owner ?? null
    const channel = new Channel(size, owner, (c) => this.forget(c))
    this.byId.set(channel.id, channel)
    if (owner) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1)
    this.startSweep()
    return channel
  }

  /** Open channels created by `owner`. */
  countOwnedBy(owner: WorkerRecord): number {
    return this.perOwner.get(owner) ?? 0
  }

  private forget(channel: Channel): void {
    if (!this.byId.delete(channel.id) || !channel.owner) return
    const left = (this.perOwner.get(channel.owner) ?? 1) - 1
    if (left > 0) this.perOwner.set(channel.owner, left)
    else this.perOwner.delete(channel.owner)
  }

  /** The channel, only when the access key matches. */
  authorize(id: string, key: string): Channel | undefined {
    const channel = this.byId.get(id)
    return channel && channel.accessKey === key ? channel : undefined
  }

  closeOwnedBy(owner: WorkerRecord): void {
    for (const channel of [...this.byId.values()])
      if (channel.owner === owner) channel.close(1001, 'owner disconnected')
  }

  sweep(now = Date.now()): number {
    let removed = 0
    for (const channel of [...this.byId.values()]) {
      if (!channel.fullyClaimed && now - channel.createdAt >= channelDefaults.unclaimedTtlMs) {
        channel.close(1001, 'channel expired')
        removed++
      }
    }
    if (removed > 0) this.logger.debug('swept unclaimed channels', { removed })
    return removed
  }

  get size(): number {
    return this.byId.size
  }

  closeAll(): void {
    for (const channel of [...this.byId.values()]) channel.close(1001, 'engine shutting down')
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
  }

  private startSweep(): void {
    if (this.sweepTimer) return
    this.sweepTimer = setInterval(() => this.sweep(), channelDefaults.sweepIntervalMs)
    this.sweepTimer.unref?.()
  }
}
