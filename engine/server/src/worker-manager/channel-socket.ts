import type { Channel, ChannelDirection, ChannelEnd } from '@iii/core'
import type { SocketEvents, WebSocket } from '@iii/uws'

/** uWS send status: 0 means the data is buffered by the socket (backpressure). */
const BACKPRESSURE = 0

function channelEnd(ws: WebSocket<SocketEvents>): ChannelEnd {
  return {
    send(data, isBinary) {
      try {
        return ws.send(data, isBinary) !== BACKPRESSURE
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
export function createChannelSocket(channel: Channel, direction: ChannelDirection): SocketEvents {
  let claimed = false
  return {
    open(ws) {
      claimed = channel.claim(direction, channelEnd(ws))
      if (!claimed) ws.end(1008, 'channel end already claimed')
    },
    message(_ws, message, isBinary) {
      // Channel frames are not bounded by max_frame_bytes: the channel's own buffer paces them.
      if (claimed && direction === 'write') channel.write(message, isBinary)
    },
    drain() {
      // uWS 20.30 does not re-arm its writable poll for sends made inside this callback: a flush
      // that builds new backpressure here never gets another drain and the channel stalls.
      if (claimed && direction === 'read') setImmediate(() => channel.readerDrained())
    },
    close() {
      if (!claimed) return
      if (direction === 'write') channel.writerClosed()
      else channel.readerClosed()
    },
  }
}
