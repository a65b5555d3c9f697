import type { RedisServer } from '@iii/testing'
import type { Child } from '../../core/child'
import { startEngineProcess } from '../../core/engine'
import { alternateSteps } from '../../core/steps'
import type { Bench, BenchContext } from '../../core/types'

const concurrencies = [1, 50]
const baselineName = 'BullMQ, same Redis'

interface Sizes {
  jobs: number
  warmupJobs: number
  window: number
}

/** BullMQ producer + worker in one process, on the run's Redis. */
async function startBullmq(ctx: BenchContext, redis: RedisServer, sizes: Sizes): Promise<Child> {
  const plan = { ...sizes, redisUrl: redis.url, concurrency: concurrencies }
  const child = ctx.scope.spawn({
    label: 'bullmq',
    entry: 'benches/queue/bullmq-jobs.ts',
    args: [JSON.stringify(plan)],
  })
  await child.next('ready')
  return child
}

/** An engine with iii-queue on one adapter and a worker producing and handling; undefined without that adapter. */
async function startEngineSide(
  ctx: BenchContext,
  adapter: Record<string, unknown>,
  sizes: Sizes,
): Promise<Child | undefined> {
  const settings = { type: 'standard', max_retries: 1, backoff_ms: 1000, poll_interval_ms: 100 }
  const queue_configs = Object.fromEntries(
    concurrencies.map((c) => [`bench_c${c}`, { ...settings, concurrency: c }]),
  )
  let engine: Awaited<ReturnType<typeof startEngineProcess>>
  try {
    engine = await startEngineProcess(ctx.scope, {
      nodeArgs: ctx.engineNodeArgs,
      workers: [{ name: 'iii-queue', config: { adapter, queue_configs } }],
    })
  } catch (err) {
    if (/unknown queue adapter/i.test((err as Error).message)) return undefined
    throw err
  }
  const plan = { ...sizes, url: engine.url, queues: Object.keys(queue_configs) }
  const child = ctx.scope.spawn({
    label: `queue-worker-${String(adapter.name)}`,
    entry: 'benches/queue/iii-jobs.ts',
    args: [JSON.stringify(plan)],
  })
  await child.next('ready')
  return child
}

async function run(ctx: BenchContext): Promise<void> {
  const redis = await ctx.redis()
  const sizes = { jobs: ctx.pick(1000, 5000), warmupJobs: ctx.pick(100, 500), window: 64 }
  const bullmq = await startBullmq(ctx, redis, sizes)
  const sides: [string, Child][] = []
  const adapters = {
    memory: { name: 'memory' },
    redis: { name: 'redis', config: { redis_url: redis.url } },
  }
  for (const [label, adapter] of Object.entries(adapters)) {
    const side = await startEngineSide(ctx, adapter, sizes)
    if (side) sides.push([label, side])
    else ctx.skip(`queue/${label}`, `worker not available: iii-queue has no ${label} adapter yet`)
  }
  ctx.log(
    `BullMQ and ${sides.map(([l]) => `iii-queue on ${l}`).join(', ')}, taking turns per concurrency`,
  )
  const [base, ...measured] = await alternateSteps(
    [bullmq, ...sides.map(([, c]) => c)],
    concurrencies.length,
  )
  for (const [i, [label]] of sides.entries()) {
    for (const [step, c] of concurrencies.entries()) {
      const value = Number(measured[i]?.[step]?.jobsPerSec)
      const baseline = Number(base?.[step]?.jobsPerSec)
      ctx.report({
        name: `queue/${label}/c${c}`,
        value,
        unit: 'jobs/s',
        baseline,
        baselineName,
        better: 'higher',
      })
    }
  }
}

export const queueBench: Bench = {
  name: 'queue',
  description: 'enqueue → no-op handler → ack, jobs/s at concurrency 1 and 50, memory and Redis',
  run,
}
