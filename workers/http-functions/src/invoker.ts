import { randomUUID } from 'node:crypto'
import type {
  FunctionEntry,
  HttpFunctionValidator,
  HttpInvoker,
  InvokeRequest,
  Logger,
} from '@iii/core'
import { type ErrorBody, type HttpInvocationRef, IIIError } from '@iii/protocol'
import { authHeaders, type ResolvedAuth, resolveAuth } from './auth'
import { httpFunctionsDefaults, type SecurityConfig } from './config'
import { mapResponse } from './map-response'
import { checkRefHeaders } from './ref-headers'
import { sendRequest } from './send-request'
import { isErrorBody, type Resolver, resolveWithDns, validateUrl } from './url-policy'

export interface HttpFunctionsOptions {
  security: SecurityConfig
  logger: Logger
  /** @default process.env */
  env?: NodeJS.ProcessEnv
  /** @default DNS through node:dns */
  resolve?: Resolver
  /** @default 16 MiB */
  maxResponseBytes?: number
}

/** The engine hooks this worker installs: validation at registration and the call itself. */
export type HttpFunctions = HttpInvoker & HttpFunctionValidator

const asError = (body: ErrorBody) => IIIError.relay(body)

/** Drops the engine's bookkeeping field so the remote service sees only the caller's payload. */
function payloadOf(data: unknown): unknown {
  if (
    typeof data !== 'object' ||
    data === null ||
    Array.isArray(data) ||
    !('_caller_worker_id' in data)
  )
    return data
  const { _caller_worker_id: _, ...rest } = data
  return rest
}

/**
 * HTTP-invoked functions (PROTOCOL.md §12). Secrets are read when a function registers and
 * kept with its ref; the URL is validated again before every call.
 */
export function createHttpFunctions(options: HttpFunctionsOptions): HttpFunctions {
  const env = options.env ?? process.env
  const resolve = options.resolve ?? resolveWithDns
  const secrets = new WeakMap<HttpInvocationRef, ResolvedAuth>()

  async function validateRegistration(ref: HttpInvocationRef): Promise<ErrorBody | undefined> {
    const headerProblem = checkRefHeaders(ref)
    if (headerProblem) return headerProblem
    const auth = resolveAuth(ref.auth, env)
    if ('code' in auth) return auth
    const url = await validateUrl(ref.url, options.security, resolve)
    if (isErrorBody(url)) return url
    secrets.set(ref, auth)
    return undefined
  }

  async function invoke(
    entry: FunctionEntry,
    request: InvokeRequest & { invocationId: string },
  ): Promise<unknown> {
    if (entry.target.kind !== 'http')
      throw new IIIError('function_not_invokable', `${entry.id} is not an HTTP-invoked function`)
    const ref = entry.target.ref
    const validated = await validateUrl(ref.url, options.security, resolve)
    if (isErrorBody(validated)) throw asError(validated)
    const auth = secrets.get(ref) ?? resolveAuth(ref.auth, env)
    if ('code' in auth) throw asError(auth)
    const body = JSON.stringify(payloadOf(request.data) ?? null)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const headers: [string, string][] = [
      ['Content-Type', 'application/json'],
      ['x-iii-Function-Path', entry.id],
      ['x-iii-Invocation-ID', request.invocationId || randomUUID()],
      ['x-iii-Timestamp', timestamp],
      ...Object.entries(ref.headers ?? {}),
      ...authHeaders(auth, timestamp, body),
    ]
    const timeoutMs = Math.min(
      ref.timeout_ms ?? httpFunctionsDefaults.timeoutMs,
      httpFunctionsDefaults.maxTimeoutMs,
    )
    const response = await sendRequest({
      url: validated.url,
      method: ref.method ?? 'POST',
      headers,
      body,
      timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? httpFunctionsDefaults.maxResponseBytes,
      addresses: validated.addresses,
    })
    options.logger.debug('http function answered', {
      function_id: entry.id,
      status: response.status,
    })
    return mapResponse(response)
  }

  return { validateRegistration, invoke }
}
