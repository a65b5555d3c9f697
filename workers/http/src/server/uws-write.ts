import type { HttpResponse } from '@iii/uws'
import type { ExchangeState } from './connection'
import { isBodyless, statusLine } from './status-line'

/** Headers uWS writes itself (or that would contradict its framing). */
const managedHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'date'])

interface Head {
  status: string
  headers: [string, string][]
  /** The response's own `content-length`, when it declared one. */
  declaredLength: number | undefined
}

function readHead(response: Response): Head {
  const headers: [string, string][] = []
  let declaredLength: number | undefined
  for (const [name, value] of response.headers) {
    if (!managedHeaders.has(name)) headers.push([name, value])
    else if (name === 'content-length' && /^\d+$/.test(value)) declaredLength = Number(value)
  }
  return { status: statusLine(response.status), headers, declaredLength }
}

function writeHead(res: HttpResponse, head: Head): void {
  res.writeStatus(head.status)
  for (const [name, value] of head.headers) res.writeHeader(name, value)
}

/** Resolves when uWS can take more bytes, or when the exchange ended. */
const whenWritable = (res: HttpResponse, state: ExchangeState): Promise<void> =>
  state.waitFor((wake) =>
    res.onWritable(() => {
      wake()
      return true
    }),
  )

/**
 * Writes a Fetch `Response` to a uWS response. A body that arrives whole (its first chunk is
 * its declared `content-length`) is sent with `end()`; anything else is streamed with chunked
 * encoding, pausing on backpressure until `onWritable`. The connection is closed after the
 * response when request bytes are still unread.
 */
export async function writeResponse(res: HttpResponse, state: ExchangeState, response: Response, isHead: boolean): Promise<void> {
  const head = readHead(response)
  const body = response.body
  if (!body || isHead || isBodyless(response.status)) {
    body?.cancel().catch(() => {})
    if (state.done) return
    res.cork(() => {
      writeHead(res, head)
      if (isHead && head.declaredLength !== undefined) res.endWithoutBody(head.declaredLength, !state.bodyComplete)
      else if (isHead || isBodyless(response.status)) res.endWithoutBody(undefined, !state.bodyComplete)
      else res.end(undefined, !state.bodyComplete)
    })
    state.finish()
    return
  }
  const reader = body.getReader()
  try {
    await pump(res, state, head, reader)
  } catch {
    // The body failed mid-way: cut the connection so the client sees a truncated response.
    if (!state.done) res.close()
  } finally {
    reader.releaseLock()
  }
}

async function pump(res: HttpResponse, state: ExchangeState, head: Head, reader: ReadableStreamDefaultReader<Uint8Array>) {
  const first = await reader.read()
  if (state.done) return void reader.cancel().catch(() => {})
  const whole = first.done || first.value.byteLength === head.declaredLength
  if (whole) {
    res.cork(() => {
      writeHead(res, head)
      res.end(first.done ? undefined : first.value, !state.bodyComplete)
    })
    state.finish()
    return void reader.cancel().catch(() => {})
  }
  let ok = true
  res.cork(() => {
    writeHead(res, head)
    ok = res.write(first.value)
  })
  for (;;) {
    if (!ok) await whenWritable(res, state)
    if (state.done) return void reader.cancel().catch(() => {})
    const next = await reader.read()
    if (state.done) return void reader.cancel().catch(() => {})
    if (next.done) break
    res.cork(() => {
      ok = res.write(next.value)
    })
  }
  res.cork(() => res.end(undefined, !state.bodyComplete))
  state.finish()
}
