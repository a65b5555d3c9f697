import type { Logger } from '@iii/core'
import { remoteAddress, type SocketEvents, type WebSocket } from '@iii/uws'
import { errorFrame } from './client-frames'
import { Connection, type ConnectionOptions, type SocketPort } from './connection'
import type { StreamHub } from './hub'

/** uWS send status 2: the socket dropped the message (backpressure limit or closed). */
const DROPPED = 2

function socketPort(ws: WebSocket<SocketEvents>): SocketPort {
  return {
    send(text) {
      try {
        return ws.send(text, false) !== DROPPED
      } catch {
        return false
      }
    },
    bufferedBytes: () => ws.getBufferedAmount(),
    close(code, reason) {
      try {
        ws.end(code, reason)
      } catch {
        // already closed
      }
    },
  }
}

/** What every subscriber socket of one stream server shares. */
export interface SubscriberSocketDeps {
  hub: StreamHub
  logger: Logger
  connection: ConnectionOptions
}

/**
 * The handlers of one browser socket (BUILTINS.md §6.2): a {@link Connection} with the context the
 * auth function returned, client frames to the hub, paced pushes on drain, and leave on close.
 */
export function createSubscriberSocket(deps: SubscriberSocketDeps, context: unknown): SocketEvents {
  let conn: Connection | undefined
  return {
    open(ws) {
      const addr = remoteAddress(ws)
      const channelSize = deps.connection.channelSize
      const onOverflow = () =>
        deps.logger.warn('stream subscriber too slow; socket closed', {
          addr,
          channel_size: channelSize,
        })
      conn = new Connection(socketPort(ws), context, {
        ...deps.connection,
        onOverflow,
        label: `stream ${addr}`,
      })
    },
    message(_ws, message, isBinary) {
      if (!conn) return
      if (isBinary)
        return conn.send(errorFrame('JSON_ERROR', 'binary frames are not accepted; send JSON text'))
      deps.hub.receive(conn, Buffer.from(message).toString('utf8'))
    },
    drain() {
      conn?.drain()
    },
    close() {
      if (!conn) return
      conn.dispose()
      deps.hub.closed(conn)
    },
  }
}
