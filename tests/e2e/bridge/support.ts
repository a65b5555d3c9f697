import { uniqueName, waitFor } from '@iii/testing'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import { startTestEngine, type TestEngine } from '../../src/engine'

/** An SDK worker with the calls these suites repeat. */
export interface Client {
  worker: IIIWorker
  call<T = any>(
    functionId: string,
    payload: unknown,
    extra?: { action?: any; timeoutMs?: number },
  ): Promise<T>
  /** Calls a function that must fail; resolves with the error. */
  fail(
    functionId: string,
    payload: unknown,
    extra?: { timeoutMs?: number },
  ): Promise<{ code: string; message: string }>
  close(): Promise<void>
}

export function connect(engine: { url: string }, workerName = uniqueName('w')): Client {
  const worker = registerWorker(engine.url, {
    workerName,
    reconnectionConfig: { initialDelayMs: 50, maxDelayMs: 300 },
  })
  const call = <T>(
    functionId: string,
    payload: unknown,
    extra: { action?: any; timeoutMs?: number } = {},
  ) =>
    worker.trigger<unknown, T>({
      function_id: functionId,
      payload,
      timeoutMs: extra.timeoutMs ?? 20_000,
      action: extra.action,
    })
  return {
    worker,
    call,
    async fail(functionId, payload, extra) {
      const outcome = await call(functionId, payload, extra).then(
        (result) => ({ result }),
        (err) => ({ err }),
      )
      if (!('err' in outcome))
        throw new Error(
          `${functionId} succeeded with ${JSON.stringify(outcome.result)}; expected an error`,
        )
      return outcome.err
    },
    close: () => worker.shutdown(),
  }
}

/** Waits until `engine` knows `functionId` (namespace default). */
export const known = (engine: TestEngine, functionId: string) =>
  waitFor(() => engine.core.functions.get('default', functionId), {
    what: `${functionId} on the engine`,
    timeoutMs: 15_000,
  })

/** Waits until the bridge's status says it is connected. */
export async function bridgeUp(
  engine: TestEngine,
  statusId = 'bridge::status',
): Promise<BridgeStatus> {
  return waitFor(
    async () => {
      const s = (await engine.core.router.call({ functionId: statusId, data: {} })) as BridgeStatus
      return s.state === 'connected' ? s : undefined
    },
    { what: `${statusId} connected`, timeoutMs: 15_000 },
  )
}

export const bridgeStatus = (engine: TestEngine, statusId = 'bridge::status') =>
  engine.core.router.call({ functionId: statusId, data: {} }) as Promise<BridgeStatus>

export interface BridgeStatus {
  state: string
  last_error?: string
  remote_engine_id?: string
  exposed: { local_function: string; remote_function: string; status: string; reason?: string }[]
  forwarded: { local_function: string; remote_function: string }[]
}

/** A config with a worker listener (port 0 unless given) plus `extra` worker entries. */
export function configWith(extra: string, port = 0): string {
  return `workers:\n  - name: iii-worker-manager\n    config: { port: ${port} }\n${extra}`
}

/** A bridge entry, YAML, indented for `workers:`. */
export function bridgeEntry(config: Record<string, unknown>): string {
  return `  - name: iii-bridge\n    config: ${JSON.stringify(config)}\n`
}

/** Starts an engine from a config text, on port 0 or a fixed port. */
export const engineWith = (configText: string, fixedPort = false) =>
  startTestEngine({ configText, randomPorts: !fixedPort })
