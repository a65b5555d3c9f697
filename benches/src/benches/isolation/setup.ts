import { freePort } from '@iii/testing'
import { type EngineProcess, startEngineProcess } from '../../core/engine'
import type { BenchContext } from '../../core/types'
import { type Caller, connectCaller } from './measure'

export interface Stage {
  engine: EngineProcess
  httpBase: string
  streamUrl: string
  caller: Caller
}

/** An engine (HTTP and stream listeners, default budgets), the good worker and the caller. */
export async function startStage(
  ctx: BenchContext,
  o: { bulkFunctions: number; hangRoute: boolean },
): Promise<Stage> {
  const httpPort = await freePort()
  const streamPort = await freePort()
  const engine = await startEngineProcess(ctx.scope, {
    nodeArgs: ctx.engineNodeArgs,
    workers: [
      { name: 'iii-http', config: { port: httpPort, host: '127.0.0.1' } },
      { name: 'iii-stream', config: { port: streamPort, host: '127.0.0.1' } },
    ],
  })
  const plan = JSON.stringify({ url: engine.url, ...o })
  await ctx.scope
    .spawn({ label: 'good-worker', entry: 'benches/isolation/good-worker.ts', args: [plan] })
    .next('ready')
  const caller = connectCaller(engine.url)
  ctx.scope.defer(() => caller.shutdown())
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const list = (await caller.trigger({
        function_id: 'engine::functions::list',
        payload: {},
        timeoutMs: 20_000,
      })) as { functions: { function_id: string }[] }
      const ids = new Set(list.functions.map((f) => f.function_id))
      if (
        ids.has('good::echo') &&
        (o.bulkFunctions === 0 || ids.has(`bulk::f${o.bulkFunctions - 1}`))
      )
        break
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the good worker never registered')
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    engine,
    httpBase: `http://127.0.0.1:${httpPort}`,
    streamUrl: `ws://127.0.0.1:${streamPort}`,
    caller,
  }
}
