import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { IIIError } from '@iii/protocol'
import type { ResolvedAddress } from './url-policy'

export interface OutboundRequest {
  url: URL
  method: string
  headers: [string, string][]
  body: string
  timeoutMs: number
  maxResponseBytes: number
  /** Connect only to these (the addresses validation checked). */
  addresses: ResolvedAddress[] | undefined
}

export interface InboundResponse {
  status: number
  reason: string
  contentType: string
  body: Buffer
}

/** A lookup that answers with the already-validated addresses instead of asking DNS again. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family
    const usable = family ? addresses.filter((a) => a.family === family) : addresses
    const list = usable.length > 0 ? usable : addresses
    if (options.all) return callback(null, list)
    const first = list[0]
    if (!first)
      return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 4)
    callback(null, first.address, first.family)
  }
}

/**
 * Pairs → an object in the same order (Node then adds `Host` and framing itself). A later pair
 * replaces the value of an earlier one with the same name, case-insensitively.
 */
function toHeaderObject(pairs: [string, string][]): Record<string, string> {
  const byName = new Map<string, [string, string]>()
  for (const [name, value] of pairs) {
    const existing = byName.get(name.toLowerCase())
    if (existing) existing[1] = value
    else byName.set(name.toLowerCase(), [name, value])
  }
  return Object.fromEntries(byName.values())
}

const requestFailed = (url: URL, reason: string) =>
  new IIIError('http_request_failed', `${url.origin}${url.pathname}: ${reason}`)

/**
 * Sends one request (node:http(s): the outbound side is not the engine's hot path and takes a
 * pinned `lookup`). Redirects are not followed. Transport failures and timeouts reject with
 * `http_request_failed`, body read failures with `http_response_failed`.
 */
export function sendRequest(out: OutboundRequest): Promise<InboundResponse> {
  return new Promise((resolve, reject) => {
    const send = out.url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(out.url, {
      method: out.method,
      headers: toHeaderObject(out.headers),
      lookup: out.addresses ? pinnedLookup(out.addresses) : undefined,
    })
    const timer = setTimeout(() => {
      req.destroy(requestFailed(out.url, `timed out after ${out.timeoutMs} ms`))
    }, out.timeoutMs)
    const settle = (fn: () => void) => {
      clearTimeout(timer)
      fn()
    }
    req.on('error', (err) =>
      settle(() => reject(err instanceof IIIError ? err : requestFailed(out.url, err.message))),
    )
    req.on('response', (res) =>
      readBody(res, out.maxResponseBytes).then(
        (body) =>
          settle(() =>
            resolve({
              status: res.statusCode ?? 0,
              reason: res.statusMessage ?? '',
              contentType: res.headers['content-type'] ?? '',
              body,
            }),
          ),
        (err) => settle(() => reject(err)),
      ),
    )
    req.end(out.body)
  })
}

function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    res.on('data', (chunk: Buffer) => {
      total += chunk.byteLength
      if (total > maxBytes) {
        res.destroy(new IIIError('http_response_failed', `response body exceeds ${maxBytes} bytes`))
        return
      }
      chunks.push(chunk)
    })
    res.on('end', () => resolve(Buffer.concat(chunks)))
    res.on('error', (err) =>
      reject(
        err instanceof IIIError
          ? err
          : new IIIError('http_response_failed', `response body could not be read: ${err.message}`),
      ),
    )
    res.on('aborted', () =>
      reject(new IIIError('http_response_failed', 'the response was cut off')),
    )
  })
}
