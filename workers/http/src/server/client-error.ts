import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'

/** The status for a request node:http's parser refused, by its error code. */
function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431
  if (code === 'HPE_INVALID_METHOD') return 501
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return 408
  return 400
}

const errorCodeOf: Record<number, string> = {
  400: 'BAD_REQUEST',
  408: 'REQUEST_TIMEOUT',
  431: 'HEADERS_TOO_LARGE',
  501: 'NOT_IMPLEMENTED',
}

const messages: Record<number, string> = {
  400: 'The request is not valid HTTP/1.1',
  408: 'The request head did not arrive in time (headers_timeout_ms)',
  431: 'The request head exceeds max_header_bytes',
  501: 'The request method is not implemented',
}

/** A whole error response with `Connection: close`, as raw bytes for a socket the parser gave up on. */
export function rawErrorResponse(status: number, message?: string): string {
  const body = JSON.stringify({
    error: {
      code: errorCodeOf[status] ?? 'BAD_REQUEST',
      message: message ?? messages[status] ?? '',
    },
  })
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'content-type: application/json\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n\r\n' +
    body
  )
}

/**
 * A pipelined request's response is already on the wire: an error response now would land in
 * the middle of it. node:http keeps the response in flight on the socket as `_httpMessage`
 * (its own default handler makes the same check).
 */
function responseStarted(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  return inFlight?.headersSent === true
}

/**
 * Answers a request node:http could not parse (malformed, head too large, unknown method, head
 * timeout), then closes the connection. A socket that is already gone is just destroyed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable || responseStarted(socket))
    return void socket.destroy()
  socket.end(rawErrorResponse(statusOf(err.code)))
}

/** `CONNECT` is not something this server does: 501, then close. */
export function answerConnect(socket: Duplex): void {
  socket.end(rawErrorResponse(501, 'The request method CONNECT is not implemented'))
}
