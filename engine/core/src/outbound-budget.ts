import type { Logger } from './logger'

/** A socket as the outbound budget sees it (a worker, stream or channel socket). */
export interface BudgetedSocket {
  /** Bytes handed to the socket (and any queue in front of it) that the peer has not read yet. */
  bufferedBytes(): number
  /** Closes the socket because its reader is too slow; nothing is written to it afterwards. */
  close(code: number, reason: string): void
  /** Shown in the log line when it is closed. */
  readonly label: string
}

/** Limits of the engine-wide outbound byte budget (PROTOCOL.md §2, config.md). */
export interface OutboundBudgetLimits {
  /** All sockets together. @default 268435456 (256 MiB) */
  globalBytes: number
  /** One socket. @default 16777216 (16 MiB) */
  socketBytes: number
}

export const outboundBudgetDefaults: OutboundBudgetLimits = {
  globalBytes: 256 * 1024 * 1024,
  socketBytes: 16 * 1024 * 1024,
}

/** Close code for a reader closed by the budget: 1013, try again later. */
export const slowReaderCloseCode = 1013

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`

/**
 * Bytes written to sockets but not yet read by their peers, per socket and in total. Every send
 * asks `admit()` first. A socket whose unread bytes would pass the per-socket budget is closed
 * with 1013; when all sockets together would pass the global budget, the slowest reader (the one
 * holding the most unread bytes) is closed, never the engine. A single frame onto an empty
 * socket is always admitted under the global budget (its size is bounded by `max_frame_bytes`).
 */
export class OutboundBudget {
  private readonly held = new Map<BudgetedSocket, number>()
  private total = 0

  constructor(
    public limits: OutboundBudgetLimits,
    private readonly logger: Logger,
  ) {}

  /** Unread bytes across every socket, as last measured. */
  get totalBytes(): number {
    return this.total
  }

  /** Whether `bytes` more may go to `socket`; false when the socket was closed instead. */
  admit(socket: BudgetedSocket, bytes: number): boolean {
    const mine = this.settle(socket)
    if (mine > 0 && mine + bytes > this.limits.socketBytes) {
      this.shed(
        socket,
        `outbound budget: over ${mib(this.limits.socketBytes)} unread on this socket`,
      )
      return false
    }
    while (this.total + bytes > this.limits.globalBytes) {
      const victim = this.slowest()
      const reason = `outbound budget: the engine-wide ${mib(this.limits.globalBytes)} is used up and this is the slowest reader`
      if (!victim || victim === socket) {
        this.shed(socket, reason)
        return false
      }
      this.shed(victim, reason)
    }
    return true
  }

  /** Re-reads a socket's unread bytes (after a send or a drain); returns them. */
  settle(socket: BudgetedSocket): number {
    const before = this.held.get(socket) ?? 0
    let now = 0
    try {
      now = socket.bufferedBytes()
    } catch {
      // the socket is gone: it holds nothing
    }
    this.total += now - before
    if (now > 0) this.held.set(socket, now)
    else this.held.delete(socket)
    return now
  }

  /** The socket closed: its bytes no longer count. */
  release(socket: BudgetedSocket): void {
    const before = this.held.get(socket)
    if (before === undefined) return
    this.total -= before
    this.held.delete(socket)
  }

  private slowest(): BudgetedSocket | undefined {
    let worst: BudgetedSocket | undefined
    let most = -1
    for (const [socket, bytes] of this.held) {
      if (bytes > most) {
        worst = socket
        most = bytes
      }
    }
    return worst
  }

  private shed(socket: BudgetedSocket, reason: string): void {
    const unread = this.held.get(socket) ?? 0
    this.release(socket)
    this.logger.warn('slow reader closed (1013): outbound budget exceeded', {
      socket: socket.label,
      unread_bytes: unread,
      total_bytes: this.total,
      reason,
    })
    try {
      socket.close(slowReaderCloseCode, reason)
    } catch {
      // already closed
    }
  }
}
