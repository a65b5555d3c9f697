import { freePort } from '@iii/testing'
import type { Child } from '../../core/child'
import { startEngineProcess } from '../../core/engine'
import type { Bench, BenchContext } from '../../core/types'
import { hasWorker } from '../../core/workers'

const bySize = (measured: Record<string, unknown>[]) =>
  new Map(measured.map((m) => [Number(m.subscribers), Number(m.p50Ms)]))

async function collectFrom(ctx: BenchContext, child: Child): Promise<Map<number, number>> {
  const measured = bySize(await child.collect())
  await ctx.scope.stop(child)
  return measured
}

/** One pubsub `publish` to 1, 128 and 1,024 subscribed functions on one worker connection. */
async function runPubsub(ctx: BenchContext): Promise<void> {
  const plan = { subscribers: [1, 128, 1024], rounds: ctx.pick(20, 100) }
  ctx.log('pubsub baseline: uWS relay sending one frame per subscriber, ws client')
  const relay = ctx.scope.spawn({ label: 'fanout-relay', entry: 'benches/fanout/raw-relay.ts' })
  const { port } = await relay.next('ready')
  const rawArgs = [JSON.stringify({ ...plan, url: `ws://127.0.0.1:${port}` })]
  const baseline = await collectFrom(
    ctx,
    ctx.scope.spawn({ label: 'fanout-raw', entry: 'benches/fanout/raw-peer.ts', args: rawArgs }),
  )
  await ctx.scope.stop(relay)
  ctx.log('pubsub engine: iii-pubsub (local), one worker holding every subscriber')
  const engine = await startEngineProcess(ctx.scope, {
    nodeArgs: ctx.engineNodeArgs,
    workers: [{ name: 'iii-pubsub' }],
  })
  const args = [JSON.stringify({ ...plan, url: engine.url })]
  const measured = await collectFrom(
    ctx,
    ctx.scope.spawn({ label: 'fanout-worker', entry: 'benches/fanout/pubsub-peer.ts', args }),
  )
  await ctx.scope.stop(engine.child)
  for (const n of plan.subscribers) {
    const value = measured.get(n)
    const base = baseline.get(n)
    if (value === undefined || base === undefined)
      throw new Error(`missing fan-out figure for ${n}`)
    const baselineName = 'uWS relay, one frame per subscriber'
    ctx.report({
      name: `fanout/pubsub/${n}-subs/p50`,
      value,
      unit: 'ms',
      baseline: base,
      baselineName,
      better: 'lower',
    })
  }
}

/** One `stream::set` pushed to 1,000 browser-protocol WebSocket subscribers. */
async function runStream(ctx: BenchContext): Promise<void> {
  const plan = { subscribers: 1000, rounds: ctx.pick(20, 100) }
  ctx.log('stream baseline: uWS server pushing one serialized frame to 1,000 ws clients')
  const relay = ctx.scope.spawn({ label: 'stream-relay', entry: 'benches/fanout/stream-relay.ts' })
  const { port } = await relay.next('ready')
  const rawArgs = [JSON.stringify({ ...plan, mode: 'raw', wsUrl: `ws://127.0.0.1:${port}` })]
  const baseline = await collectFrom(
    ctx,
    ctx.scope.spawn({ label: 'stream-raw', entry: 'benches/fanout/stream-peer.ts', args: rawArgs }),
  )
  await ctx.scope.stop(relay)
  ctx.log('stream engine: iii-stream (memory), 1,000 ws clients, a worker calling stream::set')
  const streamPort = await freePort()
  const engine = await startEngineProcess(ctx.scope, {
    nodeArgs: ctx.engineNodeArgs,
    workers: [{ name: 'iii-stream', config: { port: streamPort, host: '127.0.0.1' } }],
  })
  const args = [
    JSON.stringify({
      ...plan,
      mode: 'iii',
      wsUrl: `ws://127.0.0.1:${streamPort}/`,
      engineUrl: engine.url,
    }),
  ]
  const measured = await collectFrom(
    ctx,
    ctx.scope.spawn({ label: 'stream-worker', entry: 'benches/fanout/stream-peer.ts', args }),
  )
  await ctx.scope.stop(engine.child)
  const value = measured.get(plan.subscribers)
  const base = baseline.get(plan.subscribers)
  if (value === undefined || base === undefined) throw new Error('missing stream fan-out figure')
  const baselineName = 'uWS server, one serialized frame to every client'
  ctx.report({
    name: 'fanout/stream/1000-ws/p50',
    value,
    unit: 'ms',
    baseline: base,
    baselineName,
    better: 'lower',
  })
}

async function run(ctx: BenchContext): Promise<void> {
  if (await hasWorker('iii-pubsub')) await runPubsub(ctx)
  else
    ctx.skip(
      'fanout/pubsub',
      'worker not available: iii-pubsub is not in engine/server/src/catalogue.ts yet',
    )
  if (await hasWorker('iii-stream')) await runStream(ctx)
  else
    ctx.skip(
      'fanout/stream',
      'worker not available: iii-stream is not in engine/server/src/catalogue.ts yet',
    )
}

export const fanoutBench: Bench = {
  name: 'fanout',
  description:
    'one pubsub publish to 1, 128, 1,024 subscribers; one stream::set to 1,000 WebSocket clients',
  run,
}
