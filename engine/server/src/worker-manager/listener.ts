import type { EngineCore, ListenerPolicy } from '@iii/core'
import {
  closeListenSocket,
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
  uWS,
  type WebSocket,
} from '@iii/uws'
import { authenticate } from './auth'
import { createChannelSocket } from './channel-socket'
import type { WorkerManagerConfig } from './config'
import { Outbox } from './outbox'
import { createWorkerSocket, type WorkerSocketDeps, type WorkerSocketInit } from './worker-socket'

const CHANNEL_PREFIX = '/ws/channels/'

export interface WorkerListener {
  readonly port: number
  readonly host: string
  close(): void
}

function notFound(res: HttpResponse): void {
  res.cork(() =>
    res.writeStatus('404 Not Found').writeHeader('content-type', 'text/plain').end('not found'),
  )
}

/** A channel socket's handlers, or `undefined` (404) for an unknown channel, key or direction. */
function channelSocket(
  engine: EngineCore,
  req: HttpRequest,
  url: string,
): SocketEvents | undefined {
  const query = parseQuery(req.getQuery() ?? '')
  const channel = engine.channels.authorize(url.slice(CHANNEL_PREFIX.length), query.key?.[0] ?? '')
  const direction = query.dir?.[0]
  if (!channel || (direction !== 'read' && direction !== 'write')) return undefined
  return createChannelSocket(channel, direction, engine.outbound)
}

/** Completes an upgrade with the socket's handlers as its user data. */
type Accept = (events: SocketEvents) => void

/**
 * A worker socket: accepted at once without an auth function; with one, accepted once it
 * answers. The upgrade completes either way; a refusal is answered with `AUTH_ERROR` on open.
 */
function acceptWorker(
  deps: WorkerSocketDeps & { authTimeoutMs: number },
  init: WorkerSocketInit,
  request: AuthRequest,
): void {
  const authId = deps.policy.rbac?.authFunctionId
  if (!authId) {
    request.accept(createWorkerSocket(deps, init))
    return
  }
  let aborted = false
  request.res.onAborted(() => {
    aborted = true
  })
  authenticate(
    deps.engine,
    { headers: init.headers, query_params: request.query, ip_address: init.ip },
    { authFunctionId: authId, timeoutMs: deps.authTimeoutMs },
  )
    .then(
      (grant) => {
        init.grant = grant
      },
      (err: Error) => {
        init.authError = err.message
      },
    )
    .finally(() => {
      if (!aborted) request.res.cork(() => request.accept(createWorkerSocket(deps, init)))
    })
}

interface AuthRequest {
  res: HttpResponse
  query: Record<string, string[]>
  accept: Accept
}

/**
 * uWS refuses a frame whose header announces more than this before buffering any of it, with an
 * abrupt close (1006). Up to 1 MiB above max_frame_bytes is buffered so that a near miss gets
 * the clear close code 1009 from the message handler (PROTOCOL.md §2, decision 0014).
 */
export function payloadLimitBytes(maxFrameBytes: number): number {
  return Math.min(2 ** 31 - 1, maxFrameBytes + Math.min(maxFrameBytes, 1024 * 1024))
}

/** The worker WebSocket listener: `/` protocol, `/otel` telemetry, `/ws/channels/{id}` relay. */
export async function startWorkerListener(
  engine: EngineCore,
  config: WorkerManagerConfig,
  policy: ListenerPolicy,
): Promise<WorkerListener> {
  const sockets = new Set<WebSocket<SocketEvents>>()
  const log = engine.logger.child({ listener: policy.name })
  const deps = {
    engine,
    policy,
    log,
    outbox: new Outbox(engine.outbound),
    maxFrameBytes: config.max_frame_bytes,
    authTimeoutMs: config.handshake_timeout_ms,
  }
  const app = uWS.App()
  app.ws<SocketEvents>('/*', {
    maxPayloadLength: payloadLimitBytes(config.max_frame_bytes),
    // The outbound budget (1013) closes slow readers first; this only backs it up.
    maxBackpressure: Math.min(
      2 ** 31 - 1,
      config.max_frame_bytes + 2 * engine.outbound.limits.socketBytes,
    ),
    closeOnBackpressureLimit: 1,
    idleTimeout: 0,
    sendPingsAutomatically: false,
    upgrade: (res, req, context) => {
      const key = req.getHeader('sec-websocket-key')
      const protocol = req.getHeader('sec-websocket-protocol')
      const extensions = req.getHeader('sec-websocket-extensions')
      const accept: Accept = (events) => res.upgrade(events, key, protocol, extensions, context)
      const url = req.getUrl()
      if (url.startsWith(CHANNEL_PREFIX)) {
        const events = channelSocket(engine, req, url)
        return events ? accept(events) : notFound(res)
      }
      const kind = url === '/' || url === '' ? 'worker' : url === '/otel' ? 'otel' : undefined
      if (!kind) return notFound(res)
      const init: WorkerSocketInit = { kind, ip: remoteAddress(res), headers: readHeaders(req) }
      acceptWorker(deps, init, { res, query: parseQuery(req.getQuery() ?? ''), accept })
    },
    ...delegateSocketEvents(sockets),
  })
  app.any('/*', (res) => notFound(res))
  const { socket, port } = await listen(app, {
    host: config.host,
    port: config.port,
    owner: policy.name,
  })
  log.info('worker listener ready', { host: config.host, port })
  return {
    port,
    host: config.host,
    close() {
      closeListenSocket(socket as us_listen_socket)
      endAll(sockets, 1001, 'engine shutting down')
    },
  }
}
