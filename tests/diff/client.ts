import { registerWorker, TriggerAction } from 'iii-sdk-published'
import type { Outcome } from './compare'
import type { DiffEngine } from './engines'

type Worker = ReturnType<typeof registerWorker>

/** What a scripted step may do against one engine. */
export interface StepContext {
  engine: DiffEngine
  /** Calls a function through the published SDK (sync unless `action` says otherwise). */
  call(functionId: string, payload: unknown, action?: 'void' | { queue: string }): Promise<Outcome>
  /** An HTTP request to the engine's http worker. */
  http(
    method: string,
    path: string,
    init?: { body?: string; headers?: Record<string, string> },
  ): Promise<Outcome>
}

const CALL_TIMEOUT_MS = 5_000

/** A step context over one engine, calling through `caller`. */
export function stepContext(engine: DiffEngine, caller: Worker): StepContext {
  return {
    engine,
    async call(functionId, payload, action) {
      const request: Record<string, unknown> = {
        function_id: functionId,
        payload,
        timeoutMs: CALL_TIMEOUT_MS,
      }
      if (action === 'void') request.action = TriggerAction.Void()
      else if (action) request.action = TriggerAction.Enqueue({ queue: action.queue })
      try {
        return { kind: 'result', value: await caller.trigger(request as never) }
      } catch (err) {
        const e = err as { code?: string; message?: string }
        return { kind: 'error', code: e.code ?? 'thrown', message: e.message ?? String(err) }
      }
    },
    async http(method, path, init = {}) {
      const res = await fetch(`http://127.0.0.1:${engine.httpPort}${path}`, {
        method,
        body: init.body,
        headers: init.headers,
      })
      const text = await res.text()
      const contentType = res.headers.get('content-type') ?? undefined
      let body: unknown = text
      if (contentType?.includes('json') && text !== '') {
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
      }
      return { kind: 'http', status: res.status, body, contentType }
    },
  }
}

/** A published-SDK worker on `engine`. */
export const connectWorker = (engine: DiffEngine, workerName: string): Worker =>
  registerWorker(engine.wsUrl, { workerName, otel: { enabled: false } } as never)
