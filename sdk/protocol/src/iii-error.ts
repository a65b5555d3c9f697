import type { ErrorCode } from './error-codes'
import type { ErrorBody } from './shapes'

export interface IIIErrorOptions {
  cause?: unknown
  data?: Record<string, unknown>
}

declare const relayed: unique symbol

/** A code raised outside the engine and carried on unchanged; only {@link IIIError.relay} makes one. */
export type RelayedCode = string & { readonly [relayed]: true }

/**
 * The one base error. Errors are data: `toJSON()` gives the wire `ErrorBody`.
 *
 * The engine and its workers raise only registry codes (`ErrorCode`, errors.md). A code raised
 * elsewhere (a handler's own, a remote engine's) is carried on unchanged with
 * {@link IIIError.relay}, so `code` itself stays a string.
 *
 * @example
 * throw new IIIError('NOT_FOUND', `Function ${id} not found`)
 */
export class IIIError extends Error {
  readonly code: string
  readonly data: Record<string, unknown> | undefined

  constructor(code: ErrorCode | RelayedCode, message: string, options: IIIErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'IIIError'
    this.code = code
    this.data = options.data
  }

  /** The wire shape; the stack is included only when asked for. */
  toBody(includeStack = false): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message }
    if (includeStack && this.stack) body.stacktrace = this.stack
    return body
  }

  toJSON(): ErrorBody {
    return this.toBody()
  }

  /**
   * Carries an error raised outside the engine (a handler's, an upstream's, a remote engine's)
   * with its own code, which need not be in the registry.
   */
  static relay(body: ErrorBody, options: IIIErrorOptions = {}): IIIError {
    return new IIIError(body.code as RelayedCode, body.message, options)
  }

  /** Wraps anything thrown into an IIIError once, keeping the original as `cause`. */
  static from(err: unknown, fallbackCode: ErrorCode = 'INTERNAL_ERROR'): IIIError {
    if (err instanceof IIIError) return err
    if (isErrorBody(err)) return IIIError.relay(err, { cause: err })
    if (err instanceof Error) {
      const wrapped = new IIIError(fallbackCode, err.message, { cause: err })
      if (err.stack) wrapped.stack = err.stack
      return wrapped
    }
    return new IIIError(fallbackCode, typeof err === 'string' ? err : safeStringify(err))
  }
}

/** True for `{ code: string, message: string, stacktrace?: string }`. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.code === 'string' &&
    typeof v.message === 'string' &&
    (v.stacktrace === undefined || v.stacktrace === null || typeof v.stacktrace === 'string')
  )
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
