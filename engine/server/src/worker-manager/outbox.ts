import type { BudgetedSocket, OutboundBudget } from '@iii/core'
import type { WebSocket } from '@iii/uws'

/** A socket's frames written during one event-loop turn, waiting for the next corked flush. */
interface Pending {
  ws: WebSocket<unknown>
  budgeted: BudgetedSocket
  frames: string[]
  bytes: number
}

/**
 * Frames to a socket written in one event-loop turn go out together in one corked write (one
 * syscall) at the end of the turn, instead of one write per frame. Order per socket is kept.
 */
export class Outbox {
  private readonly pending = new Map<WebSocket<unknown>, Pending>()
  private scheduled = false

  /** Every frame is admitted by the engine's outbound byte budget before it is written. */
  constructor(private readonly budget: OutboundBudget) {}

  /** Bytes queued for `ws` and not written yet; they count against its outbound budget. */
  pendingBytes(ws: WebSocket<unknown>): number {
    return this.pending.get(ws)?.bytes ?? 0
  }

  /**
   * Queues a frame once the outbound budget admits it (queued bytes count, so a burst of large
   * replies in one turn cannot pile up before the flush); false when the socket was closed.
   */
  push(ws: WebSocket<unknown>, budgeted: BudgetedSocket, frame: string): boolean {
    const bytes = Buffer.byteLength(frame)
    if (!this.budget.admit(budgeted, bytes)) return false
    let p = this.pending.get(ws)
    if (!p) {
      p = { ws, budgeted, frames: [], bytes: 0 }
      this.pending.set(ws, p)
    }
    p.frames.push(frame)
    p.bytes += bytes
    this.budget.settle(budgeted)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.flushAll)
    }
    return true
  }

  /** Writes a socket's queued frames now (before it is closed). */
  flush(ws: WebSocket<unknown>): void {
    const p = this.pending.get(ws)
    if (!p) return
    this.pending.delete(ws)
    this.write(p)
  }

  /** Drops a closed socket's frames. */
  discard(ws: WebSocket<unknown>): void {
    this.pending.delete(ws)
  }

  private readonly flushAll = () => {
    this.scheduled = false
    const batch = [...this.pending.values()]
    this.pending.clear()
    for (const p of batch) this.write(p)
  }

  /** Writes a socket's frames (each admitted by the budget when queued) in one cork. */
  private write(p: Pending): void {
    try {
      p.ws.cork(() => {
        for (const frame of p.frames) p.ws.send(frame, false)
      })
    } catch {
      // the socket closed in the meantime
    }
    this.budget.settle(p.budgeted)
  }
}
