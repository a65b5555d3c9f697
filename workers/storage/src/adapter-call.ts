import { type ErrorCode, IIIError } from '@iii/protocol'
import { isStorageError } from './storage-errors'

export interface AdapterCallOptions {
  /**
   * Which `IIIError`s pass through unchanged. Default: every one (the worker raised it on
   * purpose: bad input, a size limit). Storage errors always pass.
   */
  passThrough?: (err: IIIError) => boolean
}

/**
 * Runs one adapter call of a built-in function. The one rule for every worker: `STORAGE_FULL` /
 * `STORAGE_ERROR` and the worker's own `IIIError`s pass through; any other failure (a plain
 * `Error` from a store, a driver error) becomes an `IIIError` with the function's `code`,
 * keeping the message and the cause.
 *
 * @example
 * return adapterCall('SET_ERROR', () => store.set(scope, key, value))
 */
export async function adapterCall<T>(
  code: ErrorCode,
  fn: () => Promise<T>,
  options: AdapterCallOptions = {},
): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (isStorageError(err)) throw err
    if (err instanceof IIIError && (options.passThrough?.(err) ?? true)) throw err
    throw new IIIError(code, err instanceof Error ? err.message : String(err), { cause: err })
  }
}
