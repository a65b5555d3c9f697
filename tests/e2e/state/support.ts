import { uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import type { TestEngine } from '../../src/engine'

/** An SDK worker on a real engine, with the few calls these suites repeat. */
export interface Client {
  worker: IIIWorker
  /** Calls a function and resolves with its result. */
  call<T = any>(functionId: string, payload: unknown): Promise<T>
  /** Calls a function that must fail; resolves with the error. */
  fail(functionId: string, payload: unknown): Promise<{ code: string; message: string }>
  /** Registers a function and waits until the engine knows it. */
  expose(functionId: string, handler: (data: any) => Promise<unknown>): Promise<void>
  /** Creates a binding through `engine::register_trigger`, which resolves once the provider accepted it. */
  bind(triggerType: string, functionId: string, config: unknown): Promise<string>
}

export function connect(engine: TestEngine, workerName = uniqueName('w')): Client {
  const worker = registerWorker(engine.url, { workerName })
  const call = <T>(functionId: string, payload: unknown) =>
    worker.trigger<unknown, T>({ function_id: functionId, payload, timeoutMs: 20_000 })
  return {
    worker,
    call,
    async fail(functionId, payload) {
      const outcome = await call(functionId, payload).then(
        (result) => ({ result }),
        (err) => ({ err }),
      )
      if (!('err' in outcome))
        throw new Error(
          `${functionId} succeeded with ${JSON.stringify(outcome.result)}; expected an error`,
        )
      return outcome.err
    },
    async expose(functionId, handler) {
      worker.registerFunction(functionId, handler)
      await waitFor(() => engine.core.functions.get('default', functionId), {
        what: `function ${functionId}`,
      })
    },
    async bind(triggerType, functionId, config) {
      const { id } = await call<{ id: string }>('engine::register_trigger', {
        trigger_type: triggerType,
        function_id: functionId,
        config,
      })
      return id
    },
  }
}

/** A handler that records its inputs. */
export function recorder() {
  const seen: any[] = []
  return {
    seen,
    handler: async (data: unknown) => {
      seen.push(data)
      return null
    },
    /** Waits until `n` inputs arrived. */
    waitForCount: (n: number, what = `${n} events`) =>
      waitFor(() => seen.length >= n, { what, timeoutMs: 15_000 }),
  }
}

/** Config text that runs only the state worker with `config` (as YAML flow mapping). */
export const stateOnly = (config: string) =>
  `workers:\n  - name: iii-state\n    config: ${config}\n`
