import type { Child } from '../../core/child'
import { startEngineProcess } from '../../core/engine'
import { alternateSteps } from '../../core/steps'
import type { Bench, BenchContext } from '../../core/types'
import { requireWorker } from '../../core/workers'
import type { StatePlan } from './plan'

const baselineName = 'raw ioredis SET/GET'

/** An engine with iii-state on one adapter and its worker; undefined when the worker lacks the adapter. */
async function startEngineSide(
  ctx: BenchContext,
  adapter: Record<string, unknown>,
  plan: StatePlan,
): Promise<Child | undefined> {
  let engine: Awaited<ReturnType<typeof startEngineProcess>>
  try {
    engine = await startEngineProcess(ctx.scope, {
      nodeArgs: ctx.engineNodeArgs,
      workers: [{ name: 'iii-state', config: { adapter } }],
    })
  } catch (err) {
    if (/adapter/i.test((err as Error).message)) return undefined
    throw err
  }
  const args = [JSON.stringify({ ...plan, url: engine.url, scope: `bench-${process.pid}` })]
  const child = ctx.scope.spawn({
    label: `state-worker-${String(adapter.name)}`,
    entry: 'benches/state/iii-state.ts',
    args,
  })
  await child.next('ready')
  return child
}

async function run(ctx: BenchContext): Promise<void> {
  await requireWorker('iii-state')
  const redis = await ctx.redis()
  const plan: StatePlan = { inflight: [1, 32], durationMs: ctx.pick(1000, 4000) }
  const args = [
    JSON.stringify({ ...plan, redisUrl: redis.url, prefix: `bench-state-${process.pid}` }),
  ]
  const baseline = ctx.scope.spawn({
    label: 'ioredis',
    entry: 'benches/state/ioredis-state.ts',
    args,
  })
  await baseline.next('ready')
  const sides: [string, Child][] = []
  const adapters = {
    memory: { name: 'memory' },
    redis: { name: 'redis', config: { redis_url: redis.url } },
  }
  for (const [label, adapter] of Object.entries(adapters)) {
    const side = await startEngineSide(ctx, adapter, plan)
    if (side) sides.push([label, side])
    else ctx.skip(`state/${label}`, `worker not available: iii-state has no ${label} adapter yet`)
  }
  ctx.log(
    `ioredis client and ${sides.map(([l]) => `iii-state on ${l}`).join(', ')}, taking turns per in-flight level`,
  )
  const [base, ...measured] = await alternateSteps(
    [baseline, ...sides.map(([, c]) => c)],
    plan.inflight.length,
  )
  for (const [i, [label]] of sides.entries()) {
    for (const [step, inflight] of plan.inflight.entries()) {
      const value = Number(measured[i]?.[step]?.callsPerSec)
      const b = Number(base?.[step]?.callsPerSec)
      ctx.report({
        name: `state/${label}/inflight-${inflight}`,
        value,
        unit: 'calls/s',
        baseline: b,
        baselineName,
        better: 'higher',
      })
    }
  }
}

export const stateBench: Bench = {
  name: 'state',
  description: 'state::set then state::get through a worker, memory and Redis adapters',
  run,
}
