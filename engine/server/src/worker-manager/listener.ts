import { type EngineCore, type ListenerPolicy, permissiveGrant } from '@iii/core'
import {
  closeListenSocket,
  type HttpRequest,
  type HttpResponse,
  listen,
  parseQuery,
  remoteAddress,
  type us_listen_socket,
  uWS,
  type WebSocket,
} from '@iii/uws'
import { authenticate } from './auth'
import type { WorkerManagerConfig } from './config'
import { Outbox } from './outbox'
import { channelEnd, handleBinary, type SocketData, workerTransport } from './sockets'

const CHANNEL_PREFIX = '/ws/channels/'

export interface WorkerListener {
  readonly port: number
  readonly host: string
  close(): void
}

function notFound(res: HttpResponse): void {
  res.cork(() => res.writeStatus('404 Not Found').writeHeader('content-type', 'text/plain').end('not found'))
}

function readHeaders(req: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {}
  req.forEach((k, v) => {
    headers[k] = v
  })
  return headers
}

/** Resolves the socket's role from its path; `undefined` means 404. */
function classify(engine: EngineCore, req: HttpRequest, ip: string): SocketData | undefined {
  const url = req.getUrl()
  if (url === '/' || url === '') return { kind: 'worker', ip, headers: readHeaders(req) }
  if (url === '/otel') return { kind: 'otel', ip, headers: readHeaders(req) }
  if (!url.startsWith(CHANNEL_PREFIX)) return undefined
  const query = parseQuery(req.getQuery() ?? '')
  const channel = engine.channels.authorize(url.slice(CHANNEL_PREFIX.length), query.key?.[0] ?? '')
  const direction = query.dir?.[0]
  if (!channel || (direction !== 'read' && direction !== 'write')) return undefined
  return { kind: 'channel', channel, direction, claimed: false }
}

/** The worker WebSocket listener: `/` protocol, `/otel` telemetry, `/ws/channels/{id}` relay. */
export async function startWorkerListener(
  engine: EngineCore,
  config: WorkerManagerConfig,
  policy: ListenerPolicy,
): Promise<WorkerListener> {
  const sockets = new Set<WebSocket<SocketData>>()
  const outbox = new Outbox()
  const log = engine.logger.child({ listener: policy.name })
  const app = uWS.App()
  app.ws<SocketData>('/*', {
    // uWS drops an oversized frame without a close code; it buffers up to twice the limit so
    // the engine can refuse frames above max_frame_bytes with close code 1009 (PROTOCOL.md §2).
    maxPayloadLength: Math.min(2 ** 31 - 1, 2 * config.max_frame_bytes),
    maxBackpressure: Math.max(2 * config.max_frame_bytes, 128 * 1024 * 1024),
    closeOnBackpressureLimit: 1,
    idleTimeout: 0,
    sendPingsAutomatically: false,
    upgrade: (res, req, context) => {
      const data = classify(engine, req, remoteAddress(res))
      if (!data) return notFound(res)
      const key = req.getHeader('sec-websocket-key')
      const protocol = req.getHeader('sec-websocket-protocol')
      const extensions = req.getHeader('sec-websocket-extensions')
      const authId = policy.rbac?.authFunctionId
      if (data.kind === 'channel' || !authId) return res.upgrade(data, key, protocol, extensions, context)
      // The upgrade completes either way; a failed auth is answered with an AUTH_ERROR frame on open.
      let aborted = false
      res.onAborted(() => {
        aborted = true
      })
      const input = { headers: data.headers, query_params: parseQuery(req.getQuery() ?? ''), ip_address: data.ip }
      authenticate(engine, authId, input, config.handshake_timeout_ms)
        .then(
          (grant) => {
            data.grant = grant
          },
          (err: Error) => {
            data.authError = err.message
          },
        )
        .finally(() => {
          if (!aborted) res.cork(() => res.upgrade(data, key, protocol, extensions, context))
        })
    },
    open: (ws) => {
      sockets.add(ws)
      const data = ws.getUserData()
      if (data.kind !== 'channel' && data.authError !== undefined) {
        log.warn('connection rejected by the auth function', { ip: data.ip, reason: data.authError })
        ws.send(JSON.stringify({ type: 'error', error: { code: 'AUTH_ERROR', message: data.authError } }), false)
        return ws.end(1008, 'AUTH_ERROR')
      }
      if (data.kind === 'worker') {
        data.session = engine.connect({
          transport: workerTransport(ws, outbox, () => sockets.has(ws)),
          ip: data.ip,
          policy,
          grant: data.grant ?? permissiveGrant(),
          headers: data.headers,
        })
      } else if (data.kind === 'channel') {
        data.claimed = data.channel.claim(data.direction, channelEnd(ws))
        if (!data.claimed) ws.end(1008, 'channel end already claimed')
      }
    },
    message: (ws, message, isBinary) => {
      const data = ws.getUserData()
      if (message.byteLength > config.max_frame_bytes && data.kind !== 'channel') {
        log.warn('frame above max_frame_bytes; socket closed', { bytes: message.byteLength, limit: config.max_frame_bytes })
        return ws.end(1009, 'frame too large')
      }
      if (data.kind === 'channel') {
        if (data.claimed && data.direction === 'write') data.channel.write(message, isBinary)
        return
      }
      if (isBinary) return handleBinary(engine, data, message)
      if (data.kind === 'worker') data.session?.receive(Buffer.from(message).toString('utf8'))
    },
    drain: (ws) => {
      const data = ws.getUserData()
      // uWS 20.30 does not re-arm its writable poll for sends made inside this callback: a flush
      // that builds new backpressure here never gets another drain and the channel stalls.
      if (data.kind === 'channel' && data.claimed && data.direction === 'read') setImmediate(() => data.channel.readerDrained())
    },
    close: (ws, code) => {
      sockets.delete(ws)
      outbox.discard(ws as WebSocket<unknown>)
      const data = ws.getUserData()
      if (data.kind === 'worker' && data.session) {
        if (code === 1006) log.debug('worker socket closed abnormally', { worker_id: data.session.id })
        engine.disconnect(data.session)
      } else if (data.kind === 'channel' && data.claimed) {
        if (data.direction === 'write') data.channel.writerClosed()
        else data.channel.readerClosed()
      }
    },
  })
  app.any('/*', (res) => notFound(res))
  const { socket, port } = await listen(app, config.host, config.port, policy.name)
  log.info('worker listener ready', { host: config.host, port })
  return {
    port,
    host: config.host,
    close() {
      closeListenSocket(socket as us_listen_socket)
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
