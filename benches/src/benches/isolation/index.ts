import { outboundBudgetDefaults } from '@iii/core'
import type { Bench, BenchContext } from '../../core/types'
import { requireWorker } from '../../core/workers'
import { callP99, httpP99, rssPeak } from './measure'
import { type Stage, startStage } from './setup'

const MiB = 1024 * 1024
/** Issue 12's bound for rows 3 and 4: the global budget plus 150 MiB. */
const rssLimitMib = outboundBudgetDefaults.globalBytes / MiB + 150

interface Hostiles {
  slowReaders: number
  slowCalls: number
  streamReaders: number
  streamJoins: number
  flooders: number
  hangClients: number
}

/** Starts the hostile process and waits until every hostile connection is attached. */
async function attach(ctx: BenchContext, stage: Stage, hostiles: Hostiles, streamName?: string) {
  const plan = JSON.stringify({
    url: stage.engine.url,
    streamUrl: stage.streamUrl,
    streamName,
    hangUrl: `${stage.httpBase}/hang`,
    ...hostiles,
  })
  const child = ctx.scope.spawn({
    label: 'hostile',
    entry: 'benches/isolation/hostile.ts',
    args: [plan],
  })
  await child.next('ready', 120_000)
  return child
}

/** A stream group of about `mib` MiB (64 KiB items), so each sync reply is that large. */
async function bigGroup(stage: Stage, name: string, mib: number): Promise<void> {
  const blob = 'x'.repeat(64 * 1024)
  for (let i = 0; i < mib * 16; i++)
    await stage.caller.trigger({
      function_id: 'stream::set',
      payload: { stream_name: name, group_id: 'g', item_id: `i${i}`, data: { blob } },
      timeoutMs: 20_000,
    })
}

/** Issue 12 rows 3 and 4, rerun: 24 non-reading sockets asking for ≈4.5 MB replies, 4 stream sockets joining a 4 MiB group 300 times. */
async function runSlowReaders(ctx: BenchContext): Promise<void> {
  await requireWorker('iii-http')
  await requireWorker('iii-stream')
  const stage = await startStage(ctx, { bulkFunctions: 4_500, hangRoute: false })
  const streamName = 'bench-big'
  await bigGroup(stage, streamName, 4)
  const calls = ctx.pick(300, 1_000)
  const alone = await callP99(stage.caller, calls)
  const pid = stage.engine.child.pid as number
  const peak = rssPeak(pid)
  ctx.log('attaching 24 slow readers and 4 slow stream readers (default budgets: 256 MiB, 16 MiB)')
  const hostile = await attach(
    ctx,
    stage,
    {
      slowReaders: 24,
      slowCalls: ctx.pick(20, 50),
      streamReaders: 4,
      streamJoins: 300,
      flooders: 0,
      hangClients: 0,
    },
    streamName,
  )
  const attached = await callP99(stage.caller, calls)
  const peakMib = peak.stop()
  await ctx.scope.stop(hostile)
  ctx.report({
    name: 'slow-readers/engine-rss-peak',
    value: peakMib,
    unit: 'MiB',
    baseline: rssLimitMib,
    baselineName: 'outbound_budget_bytes + 150 MiB (ratio must stay ≤ 1)',
    better: 'lower',
  })
  ctx.report({
    name: 'slow-readers/call-p99',
    value: attached,
    unit: 'ms',
    baseline: alone,
    baselineName: 'the same calls with no slow reader attached (target: under 50 ms)',
    better: 'lower',
  })
}

/** One good worker's call and HTTP p99, alone and next to 20 hostile connections. */
async function runNoisyNeighbour(ctx: BenchContext): Promise<void> {
  await requireWorker('iii-http')
  const stage = await startStage(ctx, { bulkFunctions: 2_000, hangRoute: true })
  const count = ctx.pick(300, 1_000)
  const aloneCall = await callP99(stage.caller, count)
  const aloneHttp = await httpP99(stage.httpBase, count)
  ctx.log('attaching 8 slow readers, 8 frame flooders and 4 clients of a never-answering route')
  const hostile = await attach(ctx, stage, {
    slowReaders: 8,
    slowCalls: ctx.pick(20, 50),
    streamReaders: 0,
    streamJoins: 0,
    flooders: 8,
    hangClients: 4,
  })
  const noisyCall = await callP99(stage.caller, count)
  const noisyHttp = await httpP99(stage.httpBase, count)
  await ctx.scope.stop(hostile)
  const baselineName = 'the same worker alone (target: ≤ 2×)'
  ctx.report({
    name: 'noisy-neighbour/call-p99',
    value: noisyCall,
    unit: 'ms',
    baseline: aloneCall,
    baselineName,
    better: 'lower',
  })
  ctx.report({
    name: 'noisy-neighbour/http-p99',
    value: noisyHttp,
    unit: 'ms',
    baseline: aloneHttp,
    baselineName,
    better: 'lower',
  })
}

export const slowReadersBench: Bench = {
  name: 'slow-readers',
  description: 'issue 12 rows 3-4: engine RSS and call p99 with 28 sockets that never read',
  run: runSlowReaders,
}

export const noisyNeighbourBench: Bench = {
  name: 'noisy-neighbour',
  description: 'call and HTTP p99 of one good worker, alone and next to 20 hostile connections',
  run: runNoisyNeighbour,
}
