import type { HttpRequest, HttpResponse, TemplatedApp } from '@iii/uws'
import { type Connection, ExchangeState } from './connection'
import { readUwsBody } from './uws-body'
import { writeResponse } from './uws-write'

export interface FetchAdapterOptions {
  /** Answers one request (a Hono app's `fetch`). */
  fetch(request: Request, connection: Connection): Response | Promise<Response>
  /** The response for a request the Fetch API cannot represent (`TRACE`, `OPTIONS *`, …). */
  unsupported(method: string, url: string): Response
  /** The response when the handler threw. */
  fallback(error: unknown): Response
  /** Reports failures in cleanup callbacks. */
  onError(error: unknown): void
  /** Request bytes buffered before the socket is paused. @default 262144 */
  bodyHighWaterMarkBytes?: number
}

export const fetchAdapterDefaults = { bodyHighWaterMarkBytes: 256 * 1024 } as const

/** Methods the Fetch `Request` constructor refuses; they can never match a route. */
const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK'])

export interface FetchAdapter {
  /** Force-closes every exchange still in flight and every later request (shutdown). */
  closeAll(): void
}

/**
 * Serves a Fetch handler on a uWS app: each uWS request becomes a `Request` (body streamed
 * from `onData`), the returned `Response` is written back with backpressure. Everything the
 * stack-allocated `HttpRequest` holds is read before the first await.
 */
export function serveFetch(app: TemplatedApp, options: FetchAdapterOptions): FetchAdapter {
  const open = new Map<ExchangeState, HttpResponse>()
  const highWaterMark = options.bodyHighWaterMarkBytes ?? fetchAdapterDefaults.bodyHighWaterMarkBytes
  let closed = false
  app.any('/*', (res, req) => {
    // After shutdown a kept-alive connection may still deliver a request: drop the connection.
    if (closed) return void res.close()
    const state = new ExchangeState(options.onError)
    open.set(state, res)
    state.onClose(() => open.delete(state))
    res.onAborted(() => state.abort())
    const method = req.getCaseSensitiveMethod()
    const response = answer(res, req, state, method, highWaterMark, options)
    const send = (r: Response) => writeResponse(res, state, r, method === 'HEAD').catch(options.onError)
    if (response instanceof Promise) response.then(send, (err) => send(options.fallback(err)))
    else void send(response)
  })
  return {
    closeAll() {
      closed = true
      for (const [state, res] of [...open]) if (!state.done) res.close()
    },
  }
}

function answer(
  res: HttpResponse,
  req: HttpRequest,
  state: ExchangeState,
  method: string,
  highWaterMark: number,
  options: FetchAdapterOptions,
): Response | Promise<Response> {
  let request: Request
  try {
    request = toRequest(res, req, state, method, highWaterMark)
  } catch {
    return options.unsupported(method, req.getUrl())
  }
  try {
    return options.fetch(request, state)
  } catch (err) {
    return options.fallback(err)
  }
}

function toRequest(res: HttpResponse, req: HttpRequest, state: ExchangeState, method: string, highWaterMark: number): Request {
  if (forbiddenMethods.has(method.toUpperCase())) throw new TypeError(`method ${method} is not supported`)
  const headers = new Headers()
  req.forEach((name, value) => {
    headers.append(name, value)
  })
  const query = req.getQuery()
  const url = `http://localhost${req.getUrl()}${query ? `?${query}` : ''}`
  if (method === 'GET' || method === 'HEAD' || !announcesBody(headers)) return new Request(url, { method, headers })
  const body = readUwsBody(res, state, highWaterMark)
  return new Request(url, { method, headers, body, duplex: 'half' })
}

function announcesBody(headers: Headers): boolean {
  const length = headers.get('content-length')
  return headers.has('transfer-encoding') || (length !== null && length !== '0')
}
