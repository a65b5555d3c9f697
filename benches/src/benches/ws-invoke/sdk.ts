import * as ours from 'iii-sdk'
import * as published from 'iii-sdk-published'

/** Which iii-sdk a worker process uses. */
export type SdkName = 'ours' | 'published'

/** The part of a worker both SDKs share that the benches use. */
export interface BenchWorker {
  registerFunction(id: string, handler: (data: any) => Promise<unknown>): unknown
  registerTrigger(input: { type: string; function_id: string; config: unknown }): unknown
  trigger(request: {
    function_id: string
    payload: unknown
    action?: unknown
    timeoutMs?: number
  }): Promise<any>
  shutdown(): Promise<void>
}

/** Connects a worker with our iii-sdk or the published one (telemetry off, like in tests). */
export function connectWorker(sdk: SdkName, url: string, workerName: string): BenchWorker {
  if (sdk === 'ours') return ours.registerWorker(url, { workerName })
  return published.registerWorker(url, { workerName, otel: { enabled: false } })
}

/** `TriggerAction.Enqueue({queue})` of the chosen SDK. */
export function enqueueAction(sdk: SdkName, queue: string): unknown {
  return sdk === 'ours'
    ? ours.TriggerAction.Enqueue({ queue })
    : published.TriggerAction.Enqueue({ queue })
}

/** Calls until the function answers (it may not be registered yet), up to `timeoutMs`. */
export async function callWhenReady(
  worker: BenchWorker,
  functionId: string,
  payload: unknown,
  timeoutMs = 20_000,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await worker.trigger({ function_id: functionId, payload, timeoutMs: 5000 })
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}
