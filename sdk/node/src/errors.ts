import type { ErrorBody } from '@iii/protocol'

export interface InvocationErrorInit {
  code: string
  message: string
  function_id?: string
  stacktrace?: string
}

/**
 * Every failed call rejects with this. `message` is `"<code>: <message>"`.
 *
 * @example
 * try { await worker.trigger({ function_id: 'x', payload: {} }) }
 * catch (err) { if (err instanceof InvocationError && err.code === 'TIMEOUT') … }
 */
export class InvocationError extends Error {
  readonly code: string
  readonly function_id: string | undefined
  readonly stacktrace: string | undefined

  constructor(init: InvocationErrorInit) {
    super(`${init.code}: ${init.message}`)
    this.name = 'InvocationError'
    this.code = init.code
    this.function_id = init.function_id
    this.stacktrace = init.stacktrace
  }

  /** The error as the engine sent it, without the code prefix. */
  get reason(): string {
    return this.message.slice(this.code.length + 2)
  }
}

export function toInvocationError(error: unknown, functionId?: string): InvocationError {
  if (error instanceof InvocationError) return error
  const body = error as Partial<ErrorBody> | null
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return new InvocationError({
      code: body.code,
      message: body.message,
      function_id: functionId,
      stacktrace: body.stacktrace ?? undefined,
    })
  }
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'string'
        ? error
        : JSON.stringify(error)
  return new InvocationError({
    code: 'UNKNOWN',
    message: message ?? String(error),
    function_id: functionId,
  })
}

/** A handler's throw → the wire error. A thrown value with a string `code` keeps its code. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof InvocationError) return { code: error.code, message: error.reason }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    const body: ErrorBody = {
      code: typeof code === 'string' && code !== '' ? code : 'invocation_failed',
      message: error.message,
    }
    if (error.stack) body.stacktrace = error.stack
    return body
  }
  return {
    code: 'invocation_failed',
    message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)),
  }
}
