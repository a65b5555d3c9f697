import type { ServerResponse } from 'node:http'
import { isBodyless } from './bodyless'
import type { ExchangeState } from './connection'

/** Headers Node writes itself (or that would contradict its framing). */
const managedHeaders = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
])

type HeaderBag = Record<string, string | string[]>

interface Head {
  status: number
  headers: HeaderBag
  /** The response's own `content-length`, when it declared one. */
  declaredLength: number | undefined
}

function readHead(response: Response): Head {
  const headers: HeaderBag = {}
  let declaredLength: number | undefined
  for (const [name, value] of response.headers) {
    if (managedHeaders.has(name)) {
      if (name === 'content-length' && /^\d+$/.test(value)) declaredLength = Number(value)
      continue
    }
    const seen = headers[name]
    if (seen === undefined) headers[name] = value
    else headers[name] = Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return { status: response.status, headers, declaredLength }
}

/**
 * Writes the status line and headers. While request bytes are still unread the connection is
 * closed after this response, so an unread upload is never parsed as the next request.
 */
function writeHead(out: Out, head: Head, length?: number): void {
  if (length !== undefined) head.headers['content-length'] = String(length)
  if (!out.state.bodyComplete) head.headers.connection = 'close'
  out.res.writeHead(head.status, head.headers)
}

/** Where a response goes: the Node response and the exchange it belongs to. */
interface Out {
  res: ServerResponse
  state: ExchangeState
}

/** Resolves when the socket can take more bytes, or when the exchange ended. */
const whenWritable = (res: ServerResponse, state: ExchangeState): Promise<void> =>
  state.waitFor((wake) => res.once('drain', wake))

/**
 * Writes a Fetch `Response` to a Node response. A body that arrives whole (its first chunk is
 * its declared `content-length`) is sent with a length; anything else is streamed (chunked on
 * HTTP/1.1, close-delimited on HTTP/1.0), pausing on backpressure until `drain`.
 */
export async function writeResponse(
  res: ServerResponse,
  state: ExchangeState,
  response: Response,
): Promise<void> {
  const isHead = res.req.method === 'HEAD'
  const head = readHead(response)
  const body = response.body
  if (!body || isHead || isBodyless(response.status)) {
    body?.cancel().catch(() => {})
    if (state.done) return
    // node:http frames 204 and 304 itself; every other empty answer says `content-length`.
    const length =
      response.status === 204 || response.status === 304
        ? undefined
        : isHead
          ? head.declaredLength
          : 0
    writeHead({ res, state }, head, length)
    res.end()
    return
  }
  const reader = body.getReader()
  try {
    await pump({ res, state }, head, reader)
  } catch {
    // The body failed mid-way: cut the connection so the client sees a truncated response.
    if (!state.done) res.destroy()
  } finally {
    reader.releaseLock()
  }
}

async function pump(
  out: Out,
  head: Head,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<void> {
  const { res, state } = out
  const first = await reader.read()
  if (state.done) return void reader.cancel().catch(() => {})
  if (first.done || first.value.byteLength === head.declaredLength) {
    writeHead(out, head, first.done ? 0 : first.value.byteLength)
    res.end(first.done ? undefined : first.value)
    return void reader.cancel().catch(() => {})
  }
  writeHead(out, head)
  let ok = res.write(first.value)
  for (;;) {
    if (!ok) await whenWritable(res, state)
    if (state.done) return void reader.cancel().catch(() => {})
    const next = await reader.read()
    if (state.done) return void reader.cancel().catch(() => {})
    if (next.done) break
    ok = res.write(next.value)
  }
  res.end()
}
