/** What `POST /api/call` answers: the result or the error envelope, and the call's trace id. */
export type CallOutcome<T = unknown> =
  | { ok: true; result: T; trace_id: string; duration_ms: number }
  | { ok: false; error: ErrorEnvelope; trace_id?: string; duration_ms?: number }

export interface ErrorEnvelope {
  code: string
  message: string
}

/** An error with the engine's code, thrown by {@link callValue}. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly traceId?: string,
  ) {
    super(message)
  }
}

/** Calls a function through the console server; never throws for a function's own error. */
export async function callFunction<T = unknown>(
  functionId: string,
  payload: unknown = {},
): Promise<CallOutcome<T>> {
  const response = await fetch('/api/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ function_id: functionId, payload }),
  })
  const body = (await response.json().catch(() => undefined)) as CallOutcome<T> | undefined
  if (!body) return { ok: false, error: { code: 'UNKNOWN', message: `HTTP ${response.status}` } }
  if (!response.ok && !('ok' in body)) return { ok: false, ...(body as { error: ErrorEnvelope }) }
  return body
}

/** Calls a function and resolves with its result; rejects with a {@link CallError}. */
export async function callValue<T = unknown>(functionId: string, payload: unknown = {}) {
  const outcome = await callFunction<T>(functionId, payload)
  if (!outcome.ok) throw new CallError(outcome.error.code, outcome.error.message, outcome.trace_id)
  return outcome.result
}

/** What `POST /api/http` answers: the route's reply, or why the request was not sent. */
export type HttpTestAnswer =
  | {
      ok: true
      status: number
      headers: Record<string, string>
      body: string
      truncated: boolean
      trace_id: string
      duration_ms: number
    }
  | { ok: false; error: ErrorEnvelope }

/** Sends a test request to the engine's HTTP listener through the console server. */
export async function sendHttpTest(request: {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}): Promise<HttpTestAnswer> {
  const response = await fetch('/api/http', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  const body = (await response.json().catch(() => undefined)) as HttpTestAnswer | undefined
  if (!body) return { ok: false, error: { code: 'UNKNOWN', message: `HTTP ${response.status}` } }
  if (!('ok' in body)) return { ok: false, ...(body as { error: ErrorEnvelope }) }
  return body
}

export interface ConsoleInfo {
  engine_version: string
  engine_id: string
  engine_started_at_ms: number
  console_started_at_ms: number
  listeners: { worker: string; host: string; port: number }[]
  auth: boolean
  connected: boolean
}

export async function fetchInfo(): Promise<ConsoleInfo> {
  const response = await fetch('/api/info')
  const body = await response.json()
  if (!response.ok) throw new CallError(body.error?.code ?? 'UNKNOWN', body.error?.message ?? '')
  return body
}
