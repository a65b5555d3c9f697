import type { Logger } from '@iii/core'
import {
  delegateSocketEvents,
  endAll,
  type HttpRequest,
  type HttpResponse,
  listen,
  parseQuery,
  readHeaders,
  remoteAddress,
  type SocketEvents,
  type us_listen_socket,
  type us_socket_context_t,
  uWS,
  type WebSocket,
} from '@iii/uws'
import type { ConnectionOptions } from './connection'
import type { StreamHub } from './hub'
import { createSubscriberSocket, type SubscriberSocketDeps } from './subscriber-socket'

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

function readRequest(req: HttpRequest, res: HttpResponse): UpgradeRequest {
  return {
    headers: readHeaders(req),
    path: req.getUrl(),
    query_params: parseQuery(req.getQuery() ?? ''),
    addr: remoteAddress(res),
  }
}

/** Completes an upgrade at once without `auth_function`, else once it accepts (401 when it refuses). */
function upgradeHandler(options: StreamServerOptions, deps: SubscriberSocketDeps) {
  return (res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void => {
    const request = readRequest(req, res)
    const key = req.getHeader('sec-websocket-key')
    const protocol = req.getHeader('sec-websocket-protocol')
    const extensions = req.getHeader('sec-websocket-extensions')
    const accept = (auth: unknown) =>
      res.upgrade(createSubscriberSocket(deps, auth), key, protocol, extensions, context)
    if (!options.authorize) {
      accept(undefined)
      return
    }
    let aborted = false
    res.onAborted(() => {
      aborted = true
    })
    options.authorize(request).then(
      (auth) => !aborted && res.cork(() => accept(auth)),
      (err: Error) => {
        deps.logger.debug('stream upgrade refused by auth_function', {
          addr: request.addr,
          err: err.message,
        })
        if (!aborted)
          res.cork(() =>
            res
              .writeStatus('401 Unauthorized')
              .writeHeader('content-type', 'text/plain')
              .end('unauthorized'),
          )
      },
    )
  }
}

/** The browser-facing WebSocket (port 3112): upgrade with optional auth, then join/leave frames. */
export async function startStreamServer(options: StreamServerOptions): Promise<StreamServer> {
  const { hub, logger } = options
  const sockets = new Set<WebSocket<SocketEvents>>()
  const deps: SubscriberSocketDeps = { hub, logger, connection: options }
  const app = uWS.App()
  app.ws<SocketEvents>('/*', {
    maxPayloadLength: options.maxFrameBytes,
    // Pushes are paced by the connection buffers; this only caps a single oversized frame.
    maxBackpressure: 64 * 1024 * 1024,
    closeOnBackpressureLimit: 1,
    idleTimeout: 120,
    upgrade: upgradeHandler(options, deps),
    ...delegateSocketEvents(sockets),
  })
  app.any('/*', (res) => {
    res.writeStatus('426 Upgrade Required').end('iii-stream speaks WebSocket only')
  })
  const { socket, port } = await listen(app, {
    host: options.host,
    port: options.port,
    owner: 'iii-stream',
  })
  logger.info('stream listener ready', { host: options.host, port })
  return {
    host: options.host,
    port,
    close() {
      hub.stopping = true
      uWS.us_listen_socket_close(socket as us_listen_socket)
      endAll(sockets, 1001, 'engine shutting down')
    },
  }
}
