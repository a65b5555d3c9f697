import { formatBytes } from '../../core/stats'
import type { Bench, BenchContext } from '../../core/types'
import { type InvokePlan, type Measurement, planSteps } from './plan'
import type { SdkName } from './sdk'
import { bestOfTurns, startBaseline, startEngineSide, type Timed } from './sides'

const baselineName = 'uWS relay + ws clients'

function invokePlan(ctx: BenchContext): InvokePlan {
  return {
    payloadBytes: [100, 10 * 1024, 1024 * 1024],
    inflight: [1, 16, 256],
    seqMs: ctx.pick(300, 2000),
    pipeMs: ctx.pick(300, 2000),
    maxBytesInFlight: 32 * 1024 * 1024,
  }
}

/** CPU per call of the middle process: steadier than throughput when the machine is shared. */
function reportCpu(ctx: BenchContext, bench: string, m: Timed, b: Timed): void {
  if (
    m.kind !== 'pipe' ||
    b.kind !== 'pipe' ||
    m.inflight !== 16 ||
    !m.serverCpuUs ||
    !b.serverCpuUs
  )
    return
  ctx.report({
    name: `${bench}/cpu-per-call/inflight-16/${formatBytes(m.bytes)}`,
    value: m.serverCpuUs / m.calls,
    unit: 'µs CPU',
    baseline: b.serverCpuUs / b.calls,
    baselineName: 'uWS relay process, same calls',
    better: 'lower',
  })
}

function report(ctx: BenchContext, bench: string, m: Measurement, b: Measurement): void {
  const size = formatBytes(m.bytes)
  if (m.kind === 'seq' && b.kind === 'seq') {
    ctx.report({
      name: `${bench}/seq-p50/${size}`,
      value: m.p50Us,
      unit: 'µs',
      baseline: b.p50Us,
      baselineName,
      better: 'lower',
    })
    ctx.report({
      name: `${bench}/seq-p99/${size}`,
      value: m.p99Us,
      unit: 'µs',
      baseline: b.p99Us,
      baselineName,
      better: 'lower',
    })
  } else if (m.kind === 'pipe' && b.kind === 'pipe') {
    const name = `${bench}/inflight-${m.inflight}/${size}`
    ctx.report({
      name,
      value: m.callsPerSec,
      unit: 'calls/s',
      baseline: b.callsPerSec,
      baselineName,
      better: 'higher',
    })
  }
}

function wsInvoke(name: string, sdk: SdkName, description: string): Bench {
  return {
    name,
    description,
    async run(ctx) {
      const plan = invokePlan(ctx)
      ctx.log('baseline: uWS relay, ws callee, ws caller (3 processes)')
      const baseline = await startBaseline(ctx, plan)
      ctx.log(`engine: iii engine, ${sdk} iii-sdk callee and caller (3 processes)`)
      const engine = await startEngineSide(ctx, plan, sdk)
      // Both setups stay up and take turns per step (order flipped every step), so load from
      // elsewhere on the machine falls on both alike.
      for (const [i] of planSteps(plan).entries()) {
        const [m, base] = await bestOfTurns(engine, baseline, i, 2)
        report(ctx, name, m, base)
        reportCpu(ctx, name, m, base)
      }
    },
  }
}

export const wsInvokeBench = wsInvoke(
  'ws-invoke',
  'ours',
  'calls through the engine between two worker processes (our iii-sdk)',
)
export const wsInvokePublishedBench = wsInvoke(
  'ws-invoke-published',
  'published',
  'the same calls with the published iii-sdk@0.22.1 as both workers',
)
