import type { Logger } from '@iii/core'
import { newId } from '@iii/core'
import { type ErrorCode, IIIError, type RelayedCode } from '@iii/protocol'

/** The body of every error the HTTP worker sends (BUILTINS.md §3.5). */
export interface ErrorEnvelope {
  error: WireError
  skipped?: true
}

/** One error as the HTTP worker sends it: a registry code, or a function's own carried on. */
export interface WireError {
  code: ErrorCode | RelayedCode
  message: string
  error_id?: string
}

export const messageOf = (err: unknown): string =>
  err instanceof Error ? err.message : String(err)

/** A JSON response with an explicit length, so the adapter can send it in one write. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: [string, string][] = [],
): Response {
  const text = JSON.stringify(value)
  return new Response(text, {
    status,
    headers: [
      ...headers,
      ['content-type', 'application/json'],
      ['content-length', String(Buffer.byteLength(text))],
    ],
  })
}

/** A JSON error envelope with `status`; `error_id` is sent only when set. */
export function errorResponse(status: number, error: WireError): Response {
  const { code, message, error_id } = error
  const envelope: ErrorEnvelope = {
    error: error_id ? { code, message, error_id } : { code, message },
  }
  return jsonResponse(status, envelope)
}

export const notFound = (method: string, path: string): Response =>
  errorResponse(404, { code: 'NOT_FOUND', message: `No route for ${method} ${path}` })

/** 405 with `Allow`: the path has routes, none for this method (as the reference answers). */
export const methodNotAllowed = (method: string, path: string, allowed: string[]): Response => {
  const response = errorResponse(405, {
    code: 'METHOD_NOT_ALLOWED',
    message: `No route for ${method} ${path}; it has routes for ${allowed.join(', ')}`,
  })
  response.headers.set('allow', allowed.join(', '))
  return response
}

export const payloadTooLarge = (limitBytes: number): Response =>
  errorResponse(413, {
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body exceeds body_limit_bytes (${limitBytes})`,
  })

/** 503 with `Retry-After`: the route's wait queue is full. */
export function tooManyRequests(route: string, retryAfterSeconds: number): Response {
  const envelope: ErrorEnvelope = {
    error: {
      code: 'TOO_MANY_REQUESTS',
      message: `Too many requests waiting for ${route} (concurrency_queue_limit); retry later`,
    },
  }
  return jsonResponse(503, envelope, [['retry-after', String(retryAfterSeconds)]])
}

/** A request refused before routing: 400 `BAD_REQUEST` or 501 `NOT_IMPLEMENTED`. */
export const refused = (status: 400 | 501, message: string): Response =>
  errorResponse(status, { code: status === 400 ? 'BAD_REQUEST' : 'NOT_IMPLEMENTED', message })

export const invalidJson = (reason: string): Response =>
  errorResponse(400, {
    code: 'INVALID_JSON',
    message: `The request body is not valid JSON: ${reason}`,
  })

export function conditionNotMet(conditionId: string): Response {
  const envelope: ErrorEnvelope = {
    error: {
      code: 'CONDITION_NOT_MET',
      message: `Request condition not met: ${conditionId} returned false; the handler was skipped`,
    },
    skipped: true,
  }
  return jsonResponse(422, envelope)
}

/** A failed call's code, carried to the client as the function (or the engine) raised it. */
const relayed = (error: IIIError): RelayedCode => error.code as RelayedCode

/** Codes that mean the function cannot be reached right now, not that it failed. */
const unavailableCodes = new Set([
  'function_not_found',
  'invocation_stopped',
  'channel_send_failed',
  'function_not_invokable',
])

/** Where a failure happened, for the log line that carries its `error_id`. */
export interface FailureContext {
  logger: Logger
  /** `handler`, `condition`, `middleware`, or `pipeline` for the worker's own faults. */
  phase: string
  functionId?: string
  method: string
  path: string
  headers?: Record<string, string>
}

/** A failure's context before the phase that failed is known. */
export type RequestContext = Omit<FailureContext, 'phase' | 'functionId'>

/**
 * Maps a failed call to its response (BUILTINS.md §3.4): the function gone ⇒ 503 `UNAVAILABLE`,
 * `TIMEOUT` ⇒ 504, anything else ⇒ 500 with the function's own code. Every one gets an
 * `error_id` that is logged with the request (secret headers are redacted by the logger).
 */
export function failureResponse(err: unknown, context: FailureContext): Response {
  const error = IIIError.from(err)
  const errorId = newId()
  const fields = {
    error_id: errorId,
    phase: context.phase,
    function_id: context.functionId,
    code: error.code,
    reason: error.message,
    method: context.method,
    path: context.path,
    headers: context.headers,
  }
  if (unavailableCodes.has(error.code)) {
    context.logger.warn('http function unavailable', fields)
    return errorResponse(503, {
      code: 'UNAVAILABLE',
      message: `Function ${context.functionId ?? ''} is unavailable: ${error.message}`,
      error_id: errorId,
    })
  }
  if (error.code === 'TIMEOUT' || error.code === 'MIDDLEWARE_TIMEOUT') {
    context.logger.warn('http function timed out', fields)
    return errorResponse(504, { code: relayed(error), message: error.message, error_id: errorId })
  }
  const internal = context.phase === 'pipeline'
  context.logger.error(
    internal ? 'http request failed inside the worker' : 'http function failed',
    {
      ...fields,
      ...(internal ? { err, unhandled: true } : {}),
    },
  )
  const code = internal ? 'INTERNAL_ERROR' : relayed(error)
  return errorResponse(500, { code, message: error.message, error_id: errorId })
}
