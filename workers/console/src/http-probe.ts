import { randomBytes } from 'node:crypto'
import type { ErrorCode } from '@iii/protocol'
import { redactSecrets } from './redact'

/** What the Triggers page's "send a test request" asks for. */
export interface ProbeRequest {
  method: string
  /** Path and query on the HTTP listener, starting with `/`. */
  path: string
  headers: Record<string, string>
  body?: string
}

/** What came back: status, headers (secrets redacted) and the body as text. */
export interface ProbeAnswer {
  ok: true
  status: number
  headers: Record<string, string>
  body: string
  /** True when the body was longer than the console shows. */
  truncated: boolean
  trace_id: string
  duration_ms: number
}

export interface ProbeOptions {
  /** `http://host:port` of the engine's HTTP listener, or undefined when none runs. */
  target(): string | undefined
  /** @default 30000 */
  timeoutMs?: number
  /** @default 1048576 */
  maxBodyBytes?: number
}

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']

/** Checks the browser's input; a string is the reason it is refused. */
export function readProbe(input: unknown): ProbeRequest | string {
  const b = input as Partial<ProbeRequest> | null
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'the body must be a JSON object'
  const method = typeof b.method === 'string' ? b.method.toUpperCase() : ''
  if (!methods.includes(method)) return `method must be one of ${methods.join(', ')}`
  const path = b.path
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//'))
    return 'path must start with a single /'
  if (path.length > 4096 || hasControlOrSpace(path))
    return 'path must be at most 4096 characters without spaces or control characters'
  const headers = b.headers ?? {}
  if (typeof headers !== 'object' || Array.isArray(headers) || headers === null)
    return 'headers must be an object of strings'
  for (const [k, v] of Object.entries(headers))
    if (typeof v !== 'string' || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(k))
      return `header ${JSON.stringify(k)} must be a token name with a string value`
  if (b.body !== undefined && typeof b.body !== 'string') return 'body must be a string'
  return { method, path, headers: headers as Record<string, string>, body: b.body }
}

/**
 * Sends one request to the engine's own HTTP listener (never anywhere else: the browser gives a
 * path, not a host) with a fresh `traceparent`, so the route's call is found in Traces.
 */
export async function sendProbe(
  request: ProbeRequest,
  options: ProbeOptions,
): Promise<ProbeAnswer | { ok: false; error: { code: ErrorCode; message: string } }> {
  const base = options.target()
  if (!base)
    return { ok: false, error: { code: 'NOT_FOUND', message: 'no HTTP listener (iii-http) runs' } }
  const url = new URL(request.path, base)
  if (url.origin !== new URL(base).origin)
    return { ok: false, error: { code: 'INVALID_ARGUMENTS', message: 'path leaves the listener' } }
  const traceId = randomBytes(16).toString('hex')
  const headers: Record<string, string> = {
    ...request.headers,
    traceparent: `00-${traceId}-${spanId()}-01`,
  }
  const hasBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method)
  if (hasBody && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    headers['content-type'] = looksJson(request.body ?? '') ? 'application/json' : 'text/plain'
  const started = performance.now()
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    })
    const { text, truncated } = await readText(response, options.maxBodyBytes ?? 1024 * 1024)
    return {
      ok: true,
      status: response.status,
      headers: redactSecrets(Object.fromEntries(response.headers)) as Record<string, string>,
      body: text,
      truncated,
      trace_id: traceId,
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    }
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError'
    return {
      ok: false,
      error: {
        code: timeout ? 'TIMEOUT' : 'http_request_failed',
        message: `the test request failed: ${(err as Error).message}`,
      },
    }
  }
}

const hasControlOrSpace = (text: string) =>
  [...text].some((ch) => {
    const code = ch.charCodeAt(0)
    return code <= 0x20 || code === 0x7f
  })

const spanId = () => randomBytes(8).toString('hex')

function looksJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

async function readText(response: Response, maxBytes: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  let truncated = false
  const reader = response.body?.getReader()
  while (reader) {
    const { done, value } = await reader.read()
    if (done) break
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size))
      truncated = true
      await reader.cancel()
      break
    }
    chunks.push(value)
    size += value.byteLength
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated }
}
