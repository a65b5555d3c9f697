import type { BudgetedSocket, OutboundBudget } from '@iii/core'
import type { WebSocket } from '@iii/uws'

/** A socket's frames written during one event-loop turn, waiting for the next corked flush. */
interface Pending {
  ws: WebSocket<unknown>
  budgeted: BudgetedSocket
  frames: string[]
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

  /** Queues a frame; false when the socket is already closed. */
  push(ws: WebSocket<unknown>, budgeted: BudgetedSocket, frame: string): boolean {
    let p = this.pending.get(ws)
    if (!p) {
      p = { ws, budgeted, frames: [] }
      this.pending.set(ws, p)
    }
    p.frames.push(frame)
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

  /**
   * Writes a socket's frames in one cork. A frame the budget refuses has closed the socket with
   * 1013 (its close handler then ends its invocations); the rest of the batch is dropped.
   */
  private write(p: Pending): void {
    const { budget } = this
    try {
      p.ws.cork(() => {
        for (const frame of p.frames) {
          if (!budget.admit(p.budgeted, Buffer.byteLength(frame))) return
          p.ws.send(frame, false)
        }
      })
      budget.settle(p.budgeted)
    } catch {
      // the socket closed in the meantime
    }
  }
}
