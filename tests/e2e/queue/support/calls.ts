import type { IIIWorker } from 'iii-sdk'

/** Calls a function and resolves with its result, or with the error object it failed with. */
export async function call(worker: IIIWorker, functionId: string, payload: unknown): Promise<any> {
  return worker
    .trigger({ function_id: functionId, payload, timeoutMs: 10_000 })
    .catch((err) => ({ failed: err }))
}

/** Calls a function that must fail; resolves with `{code, message}`. */
export async function callError(
  worker: IIIWorker,
  functionId: string,
  payload: unknown,
): Promise<{ code: string; message: string }> {
  const result = await call(worker, functionId, payload)
  if (!result || !('failed' in result))
    throw new Error(`${functionId} succeeded: ${JSON.stringify(result)}`)
  return { code: result.failed.code, message: result.failed.message }
}

/** A handler that records every call's data and time. */
export function recorder<T = any>() {
  const calls: { data: T; at: number }[] = []
  return {
    calls,
    data: () => calls.map((c) => c.data),
    push: (data: T) => calls.push({ data, at: Date.now() }),
  }
}
