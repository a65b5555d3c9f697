import { connect } from 'node:net'

/** One parsed HTTP response. */
export interface RawResponse {
  version: string
  status: number
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>
  body: string
}

/** What came back on one connection. */
export interface RawExchange {
  responses: RawResponse[]
  /** The server closed the connection (before the deadline). */
  closed: boolean
  /** Bytes after the last complete response. */
  rest: string
}

export interface RawHttpOptions {
  /** Stop once this many responses arrived (the server may keep the connection). */
  responses?: number
  /** Give up after this long and report what arrived. @default 10000 */
  timeoutMs?: number
  /** Stops early and reports what arrived. */
  signal?: AbortSignal
}

type Parsed = { response: RawResponse; used: number } | undefined

function parseHead(
  text: string,
): { version: string; status: number; headers: Record<string, string>; used: number } | undefined {
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) return undefined
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n')
  const match = /^(HTTP\/\d\.\d) (\d{3})/.exec(statusLine)
  if (!match) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  return { version: match[1] as string, status: Number(match[2]), headers, used: end + 4 }
}

function parseChunked(text: string): { body: string; used: number } | undefined {
  let at = 0
  let body = ''
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at)
    if (lineEnd === -1) return undefined
    const size = Number.parseInt(text.slice(at, lineEnd), 16)
    if (size === 0) return text.length >= lineEnd + 4 ? { body, used: lineEnd + 4 } : undefined
    if (text.length < lineEnd + 2 + size + 2) return undefined
    body += text.slice(lineEnd + 2, lineEnd + 2 + size)
    at = lineEnd + 2 + size + 2
  }
}

/** Parses one response from the start of `text`; `closed` lets a close-delimited body end. No HEAD. */
function parseOne(text: string, closed: boolean): Parsed {
  const head = parseHead(text)
  if (!head) return undefined
  const rest = text.slice(head.used)
  const base = { version: head.version, status: head.status, headers: head.headers }
  if (head.status === 204 || head.status === 304)
    return { response: { ...base, body: '' }, used: head.used }
  if (head.headers['transfer-encoding']?.includes('chunked')) {
    const chunked = parseChunked(rest)
    return chunked
      ? { response: { ...base, body: chunked.body }, used: head.used + chunked.used }
      : undefined
  }
  const length = head.headers['content-length']
  if (length !== undefined) {
    const n = Number(length)
    return rest.length >= n
      ? { response: { ...base, body: rest.slice(0, n) }, used: head.used + n }
      : undefined
  }
  return closed ? { response: { ...base, body: rest }, used: text.length } : undefined
}

/**
 * Writes raw bytes to an HTTP server on 127.0.0.1 and parses what comes back, in order (latin1,
 * so byte counts match; do not send HEAD). Resolves when `responses` arrived, the server closed, or the deadline.
 */
export function rawHttp(
  base: string,
  payload: string | Buffer,
  options: RawHttpOptions = {},
): Promise<RawExchange> {
  const { port } = new URL(base)
  const timeoutMs = options.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(payload))
    let text = ''
    const responses: RawResponse[] = []
    const drain = (closed: boolean) => {
      for (;;) {
        const parsed = parseOne(text, closed)
        if (!parsed) return
        responses.push(parsed.response)
        text = text.slice(parsed.used)
      }
    }
    const done = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve({ responses, closed, rest: text })
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    options.signal?.addEventListener('abort', () => done(false), { once: true })
    socket.on('data', (data) => {
      text += data.toString('latin1')
      try {
        drain(false)
      } catch (err) {
        clearTimeout(timer)
        socket.destroy()
        reject(err)
      }
      if (options.responses !== undefined && responses.length >= options.responses) done(false)
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      drain(true)
      done(true)
    })
  })
}
