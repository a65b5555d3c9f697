import type {
  BudgetedSocket,
  Channel,
  ChannelDirection,
  ChannelEnd,
  OutboundBudget,
} from '@iii/core'
import type { SocketEvents, WebSocket } from '@iii/uws'

/** uWS send status: 0 means the data is buffered by the socket (backpressure). */
const BACKPRESSURE = 0

/** The reader's end as the outbound budget sees it. */
function budgetedSocket(ws: WebSocket<SocketEvents>, channel: Channel): BudgetedSocket {
  return {
    label: `channel ${channel.id} reader`,
    bufferedBytes: () => ws.getBufferedAmount(),
    close(code, reason) {
      ws.end(code, reason)
    },
  }
}

function channelEnd(
  ws: WebSocket<SocketEvents>,
  budget: { of: OutboundBudget; socket: BudgetedSocket },
): ChannelEnd {
  return {
    send(data, isBinary) {
      try {
        const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
        if (!budget.of.admit(budget.socket, bytes)) return false
        const status = ws.send(data, isBinary)
        budget.of.settle(budget.socket)
        return status !== BACKPRESSURE
      } catch {
        return true
      }
    },
    close(code, reason) {
      try {
        ws.end(code, reason)
      } catch {
        // already closed
      }
    },
  }
}

/**
 * The handlers of one `/ws/channels/{id}` socket (PROTOCOL.md §8): it claims its end of the
 * channel on open, relays frames when it is the writer, and releases its end on close.
 */
export function createChannelSocket(
  channel: Channel,
  direction: ChannelDirection,
  budget: OutboundBudget,
): SocketEvents {
  let claimed = false
  let budgeted: BudgetedSocket | undefined
  return {
    open(ws) {
      budgeted = budgetedSocket(ws, channel)
      claimed = channel.claim(direction, channelEnd(ws, { of: budget, socket: budgeted }))
      if (!claimed) ws.end(1008, 'channel end already claimed')
    },
    message(_ws, message, isBinary) {
      // Channel frames are not bounded by max_frame_bytes: the channel's own buffer paces them.
      if (claimed && direction === 'write') channel.write(message, isBinary)
    },
    drain() {
      if (budgeted) budget.settle(budgeted)
      // uWS 20.30 does not re-arm its writable poll for sends made inside this callback: a flush
      // that builds new backpressure here never gets another drain and the channel stalls.
      if (claimed && direction === 'read') setImmediate(() => channel.readerDrained())
    },
    close() {
      if (budgeted) budget.release(budgeted)
      if (!claimed) return
      if (direction === 'write') channel.writerClosed()
      else channel.readerClosed()
    },
  }
}
