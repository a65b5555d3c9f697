import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { answerClientError, answerConnect } from './client-error'
import { type Connection, ExchangeState } from './connection'
import { readNodeBody } from './node-body'
import { writeResponse } from './node-write'
import { parseRequestTarget } from './request-target'

export interface FetchServerOptions {
  /** Answers one request (a Hono app's `fetch`). */
  fetch(request: Request, connection: Connection): Response | Promise<Response>
  /** The response when the handler threw. */
  fallback(error: unknown): Response
  /** The response for a request refused before it reaches `fetch` (bad target, unknown method). */
  refuse(status: 400 | 501, message: string): Response
  /** Reports failures in cleanup callbacks. */
  onError(error: unknown): void
  /** Methods answered; any other gets 501. */
  methods: ReadonlySet<string>
  /** Largest request head (request line + headers); above it the answer is 431. */
  maxHeaderBytes: number
  /** How long a client may take to send the request head. */
  headersTimeoutMs: number
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs: number
  /** Request bytes buffered before the socket is paused. @default 262144 */
  bodyHighWaterMarkBytes?: number
}

export const fetchServerDefaults = { bodyHighWaterMarkBytes: 256 * 1024 } as const

export interface FetchServer {
  readonly server: Server
  /** Force-closes every connection, idle or in flight (shutdown). */
  closeAll(): void
}

/**
 * Serves a Fetch handler on a node:http server. node:http's parser does the HTTP/1.x framing
 * (HTTP/1.0, keep-alive, pipelining answered in order); a malformed request gets 400, a head
 * over `maxHeaderBytes` 431, an unknown method 501. Each request becomes a `Request` (body
 * streamed) whose URL carries the normalized path; the `Response` is written with backpressure.
 */
export function createFetchServer(options: FetchServerOptions): FetchServer {
  const server = createServer({
    maxHeaderSize: options.maxHeaderBytes,
    headersTimeout: options.headersTimeoutMs,
    // A request body may stream for as long as its route needs; only the head is bounded.
    requestTimeout: 0,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    noDelay: true,
  })
  server.on('request', (req: IncomingMessage, res: ServerResponse) => serve(req, res, options))
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => answerClientError(err, socket))
  server.on('connect', (_req: IncomingMessage, socket) => answerConnect(socket))
  let closed = false
  return {
    server,
    closeAll() {
      if (closed) return
      closed = true
      server.close()
      server.closeAllConnections()
    },
  }
}

function serve(req: IncomingMessage, res: ServerResponse, options: FetchServerOptions): void {
  const state = new ExchangeState(options.onError)
  res.on('finish', () => state.finish())
  res.on('close', () => state.abort())
  const response = answer(req, state, options)
  const send = (r: Response) => writeResponse(res, state, r).catch(options.onError)
  if (response instanceof Promise) response.then(send, (err) => send(options.fallback(err)))
  else void send(response)
}

function answer(
  req: IncomingMessage,
  state: ExchangeState,
  options: FetchServerOptions,
): Response | Promise<Response> {
  const method = req.method ?? 'GET'
  const highWaterMark = options.bodyHighWaterMarkBytes ?? fetchServerDefaults.bodyHighWaterMarkBytes
  if (!options.methods.has(method))
    return options.refuse(501, `Method ${method} is not implemented`)
  const target = parseRequestTarget(req.url ?? '/')
  if (!target.ok) return options.refuse(400, `Ambiguous request path: ${target.reason}`)
  let request: Request
  try {
    request = toRequest(req, state, {
      method,
      path: target.path,
      query: target.query,
      highWaterMark,
    })
  } catch (err) {
    return options.refuse(
      400,
      `Malformed request: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  try {
    return options.fetch(request, state)
  } catch (err) {
    return options.fallback(err)
  }
}

interface RequestParts {
  method: string
  path: string
  query: string
  highWaterMark: number
}

function toRequest(req: IncomingMessage, state: ExchangeState, parts: RequestParts): Request {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  const url = `http://localhost${parts.path}${parts.query ? `?${parts.query}` : ''}`
  const { method } = parts
  if (method === 'GET' || method === 'HEAD' || !announcesBody(headers))
    return new Request(url, { method, headers })
  const body = readNodeBody(req, state, parts.highWaterMark)
  return new Request(url, { method, headers, body, duplex: 'half' })
}

function announcesBody(headers: Headers): boolean {
  const length = headers.get('content-length')
  return headers.has('transfer-encoding') || (length !== null && length !== '0')
}
