import type { WebSocket } from '@iii/uws'

/** A socket's frames written during one event-loop turn, waiting for the next corked flush. */
interface Pending {
  ws: WebSocket<unknown>
  frames: string[]
}

/**
 * Frames to a socket written in one event-loop turn go out together in one corked write (one
 * syscall) at the end of the turn, instead of one write per frame. Order per socket is kept.
 */
export class Outbox {
  private readonly pending = new Map<WebSocket<unknown>, Pending>()
  private scheduled = false

  /** Queues a frame; false when the socket is already closed. */
  push(ws: WebSocket<unknown>, frame: string): boolean {
    let p = this.pending.get(ws)
    if (!p) {
      p = { ws, frames: [] }
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
    write(p)
  }

  /** Drops a closed socket's frames. */
  discard(ws: WebSocket<unknown>): void {
    this.pending.delete(ws)
  }

  private readonly flushAll = () => {
    this.scheduled = false
    const batch = [...this.pending.values()]
    this.pending.clear()
    for (const p of batch) write(p)
  }
}

function write(p: Pending): void {
  try {
    // A send past the backpressure limit closes the socket (closeOnBackpressureLimit); the
    // close handler then ends its invocations.
    p.ws.cork(() => {
      for (const frame of p.frames) p.ws.send(frame, false)
    })
  } catch {
    // the socket closed in the meantime
  }
}
