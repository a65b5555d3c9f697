import type { BuiltinWorker } from '@iii/core'
import { uniqueName, waitFor } from '@iii/testing'
import type { StartEngineOptions } from 'iii-engine'
import { type IIIWorker, registerWorker } from 'iii-sdk'
import * as published from 'iii-sdk-published'
import { startTestEngine, type TestEngine } from '../../src/engine'

/** A published iii-sdk worker, as loosely typed as the tests need. */
export type PublishedWorker = ReturnType<typeof published.registerWorker>

/** An engine with the HTTP worker on a random port, plus helpers to reach it. */
export interface HttpEngine {
  engine: TestEngine
  /** `http://127.0.0.1:<port>` */
  base: string
  /** A new connection with our iii-sdk (each call is its own worker). */
  worker(): IIIWorker
  /** A new connection with the published iii-sdk. */
  publishedWorker(): PublishedWorker
  /** Waits until `count` route bindings are live. */
  routes(count: number): Promise<void>
  /** Waits until `id` is registered. */
  registered(id: string): Promise<void>
  close(): Promise<void>
}

export async function startHttpEngine(options: StartEngineOptions = {}): Promise<HttpEngine> {
  const engine = await startTestEngine(options)
  const address = engine.address('iii-http')
  if (!address) throw new Error('iii-http is not listening')
  const workers: { shutdown(): Promise<void> | void }[] = []
  const http = engine.host.get<BuiltinWorker & { routeCount: number }>('iii-http')
  return {
    engine,
    base: `http://${address.host}:${address.port}`,
    worker() {
      const w = registerWorker(engine.url, { workerName: uniqueName('http-w') })
      workers.push(w)
      return w
    },
    publishedWorker() {
      const w = published.registerWorker(engine.url, {
        workerName: uniqueName('http-pub'),
        otel: { enabled: false },
      })
      workers.push(w)
      return w
    },
    routes: (count) =>
      waitFor(() => (http?.routeCount ?? 0) >= count, { what: `${count} routes` }).then(() => {}),
    registered: (id) =>
      waitFor(() => engine.core.functions.get('default', id), { what: `function ${id}` }).then(
        () => {},
      ),
    async close() {
      for (const w of workers.splice(0)) await w.shutdown()
      await engine.stop()
    },
  }
}

/** Config text listing the HTTP workers with the given YAML blocks. */
export function httpConfig(http = '{}', httpFunctions = '{}', extra = ''): string {
  return `${extra}
workers:
  - name: iii-http
    config: ${http}
  - name: iii-http-functions
    config: ${httpFunctions}
`
}
