import { formatBytes } from '../../core/stats'
import type { Bench, BenchContext } from '../../core/types'
import { hasWorker } from '../../core/workers'
import { type InvokePlan, planSteps } from '../ws-invoke/plan'
import { bestOfTurns, startEngineSide } from '../ws-invoke/sides'

const baselineName = 'same engine, iii-observability enabled: false'

/**
 * Tracing overhead (issue 6): the ws-invoke calls through an engine with the default
 * observability (spans, metrics) against one with `iii-observability: {enabled: false}`.
 */
async function run(ctx: BenchContext): Promise<void> {
  const plan: InvokePlan = {
    payloadBytes: [100, 10 * 1024],
    inflight: [16],
    seqMs: ctx.pick(300, 2000),
    pipeMs: ctx.pick(500, 3000),
    maxBytesInFlight: 32 * 1024 * 1024,
  }
  const off = (await hasWorker('iii-observability'))
    ? [{ name: 'iii-observability', config: { enabled: false } }]
    : []
  if (off.length === 0) ctx.log('no iii-observability worker: both engines are the same')
  ctx.log('engine with tracing on (defaults) and engine with tracing off, taking turns')
  const on = await startEngineSide(ctx, plan, 'ours')
  const base = await startEngineSide(ctx, plan, 'ours', off)
  for (const [i, step] of planSteps(plan).entries()) {
    const [m, b] = await bestOfTurns(on, base, i, 2)
    const size = formatBytes(step.bytes)
    if (m.kind === 'seq' && b.kind === 'seq') {
      ctx.report({
        name: `tracing/seq-p50/${size}`,
        value: m.p50Us,
        unit: 'µs',
        baseline: b.p50Us,
        baselineName,
        better: 'lower',
      })
    } else if (m.kind === 'pipe' && b.kind === 'pipe') {
      const name = `tracing/inflight-${m.inflight}/${size}`
      ctx.report({
        name,
        value: m.callsPerSec,
        unit: 'calls/s',
        baseline: b.callsPerSec,
        baselineName,
        better: 'higher',
      })
      if (m.serverCpuUs && b.serverCpuUs) {
        const value = m.serverCpuUs / m.calls
        const baseline = b.serverCpuUs / b.calls
        ctx.report({
          name: `tracing/cpu-per-call/inflight-${m.inflight}/${size}`,
          value,
          unit: 'µs CPU',
          baseline,
          baselineName,
          better: 'lower',
        })
      }
    }
  }
}

export const tracingBench: Bench = {
  name: 'tracing',
  description: 'tracing overhead: invoke calls with iii-observability on (default) vs off',
  run,
}
