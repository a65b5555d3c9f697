import type { Logger } from '@iii/core'
import {
  type HttpRequest,
  type HttpResponse,
  listen,
  parseQuery,
  remoteAddress,
  type us_listen_socket,
  uWS,
  type WebSocket,
} from '@iii/uws'
import { errorFrame } from './client-frames'
import { Connection, type ConnectionOptions, type SocketPort } from './connection'
import type { StreamHub } from './hub'

/** What `auth_function` receives on each upgrade (BUILTINS.md §6.2). */
export interface UpgradeRequest {
  headers: Record<string, string>
  path: string
  query_params: Record<string, string[]>
  addr: string
}

export interface StreamServerOptions extends ConnectionOptions {
  host: string
  port: number
  maxFrameBytes: number
  hub: StreamHub
  logger: Logger
  /** Resolves with the connection's context; a rejection refuses the upgrade. */
  authorize?: (request: UpgradeRequest) => Promise<unknown>
}

export interface StreamServer {
  readonly host: string
  readonly port: number
  close(): void
}

interface SocketData {
  context: unknown
  conn?: Connection
}

function readRequest(req: HttpRequest, res: HttpResponse): UpgradeRequest {
  const headers: Record<string, string> = {}
  req.forEach((k, v) => {
    headers[k] = v
  })
  return { headers, path: req.getUrl(), query_params: parseQuery(req.getQuery() ?? ''), addr: remoteAddress(res) }
}

function socketPort(ws: WebSocket<SocketData>): SocketPort {
  return {
    send(text) {
      try {
        return ws.send(text, false) !== 2
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

/** The browser-facing WebSocket (port 3112): upgrade with optional auth, then join/leave frames. */
export async function startStreamServer(options: StreamServerOptions): Promise<StreamServer> {
  const { hub, logger } = options
  const sockets = new Set<WebSocket<SocketData>>()
  const app = uWS.App()
  app.ws<SocketData>('/*', {
    maxPayloadLength: options.maxFrameBytes,
    // Pushes are paced by the connection buffers; this only caps a single oversized frame.
    maxBackpressure: 64 * 1024 * 1024,
    closeOnBackpressureLimit: 1,
    idleTimeout: 120,
    upgrade: (res, req, context) => {
      const request = readRequest(req, res)
      const key = req.getHeader('sec-websocket-key')
      const protocol = req.getHeader('sec-websocket-protocol')
      const extensions = req.getHeader('sec-websocket-extensions')
      const accept = (data: SocketData) => res.upgrade(data, key, protocol, extensions, context)
      if (!options.authorize) return accept({ context: undefined })
      let aborted = false
      res.onAborted(() => {
        aborted = true
      })
      options.authorize(request).then(
        (ctx) => !aborted && res.cork(() => accept({ context: ctx })),
        (err: Error) => {
          logger.debug('stream upgrade refused by auth_function', { addr: request.addr, err: err.message })
          if (!aborted) res.cork(() => res.writeStatus('401 Unauthorized').writeHeader('content-type', 'text/plain').end('unauthorized'))
        },
      )
    },
    open: (ws) => {
      sockets.add(ws)
      const data = ws.getUserData()
      const addr = remoteAddress(ws)
      const onOverflow = () => logger.warn('stream subscriber too slow; socket closed', { addr, channel_size: options.channelSize })
      data.conn = new Connection(socketPort(ws), data.context, { ...options, onOverflow })
    },
    message: (ws, message, isBinary) => {
      const conn = ws.getUserData().conn
      if (!conn) return
      if (isBinary) return conn.send(errorFrame('JSON_ERROR', 'binary frames are not accepted; send JSON text'))
      hub.receive(conn, Buffer.from(message).toString('utf8'))
    },
    drain: (ws) => ws.getUserData().conn?.drain(),
    close: (ws) => {
      sockets.delete(ws)
      const conn = ws.getUserData().conn
      if (conn) hub.closed(conn)
    },
  })
  app.any('/*', (res) => {
    res.writeStatus('426 Upgrade Required').end('iii-stream speaks WebSocket only')
  })
  const { socket, port } = await listen(app, options.host, options.port, 'iii-stream')
  logger.info('stream listener ready', { host: options.host, port })
  return {
    host: options.host,
    port,
    close() {
      hub.stopping = true
      uWS.us_listen_socket_close(socket as us_listen_socket)
      for (const ws of [...sockets]) {
        try {
          ws.end(1001, 'engine shutting down')
        } catch {
          // already closed
        }
      }
    },
  }
}
