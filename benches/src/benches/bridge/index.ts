import { startEngineProcess } from '../../core/engine'
import { formatBytes } from '../../core/stats'
import type { Bench, BenchContext } from '../../core/types'
import { type InvokePlan, type Measurement, planSteps } from '../ws-invoke/plan'
import { bestOfTurns, type Side } from '../ws-invoke/sides'

const baselineName = 'the same call made directly on engine B'

/** A ws-invoke worker process (callee or caller) connected to `url`. */
function peer(
  ctx: BenchContext,
  role: 'callee' | 'caller',
  url: string,
  plan: InvokePlan,
  label: string,
) {
  return ctx.scope.spawn({
    label,
    entry: 'benches/ws-invoke/iii-peer.ts',
    args: [JSON.stringify({ role, sdk: 'ours', url, plan })],
  })
}

function report(ctx: BenchContext, m: Measurement, b: Measurement): void {
  const size = formatBytes(m.bytes)
  if (m.kind === 'seq' && b.kind === 'seq') {
    ctx.report({
      name: `bridge/seq-p50/${size}`,
      value: m.p50Us,
      unit: 'µs',
      baseline: b.p50Us,
      baselineName,
      better: 'lower',
    })
    ctx.report({
      name: `bridge/seq-p99/${size}`,
      value: m.p99Us,
      unit: 'µs',
      baseline: b.p99Us,
      baselineName,
      better: 'lower',
    })
  } else if (m.kind === 'pipe' && b.kind === 'pipe') {
    const name = `bridge/inflight-${m.inflight}/${size}`
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

/**
 * A caller on engine A calls `bench::echo` of engine B through an `iii-bridge` forward; the
 * baseline caller makes the same call on B itself. Both callers share B and its callee and take
 * turns per step.
 */
export const bridgeBench: Bench = {
  name: 'bridge',
  description: 'a call A → B through iii-bridge against the same call made directly on B',
  async run(ctx) {
    const plan: InvokePlan = {
      payloadBytes: [100, 10 * 1024],
      inflight: [1, 16, 256],
      seqMs: ctx.pick(300, 2000),
      pipeMs: ctx.pick(300, 2000),
      maxBytesInFlight: 32 * 1024 * 1024,
    }
    const b = await startEngineProcess(ctx.scope, {
      nodeArgs: ctx.engineNodeArgs,
      label: 'engine-b',
    })
    await peer(ctx, 'callee', b.url, plan, 'callee-on-b').next('ready')
    const a = await startEngineProcess(ctx.scope, {
      nodeArgs: ctx.engineNodeArgs,
      label: 'engine-a',
      workers: [
        {
          name: 'iii-bridge',
          config: { url: b.url, forward: [{ remote_function: 'bench::echo' }] },
        },
      ],
    })
    ctx.log('bridged: caller on A → iii-bridge → B; direct: caller on B')
    const bridgedCaller = peer(ctx, 'caller', a.url, plan, 'caller-on-a')
    const directCaller = peer(ctx, 'caller', b.url, plan, 'caller-on-b')
    await bridgedCaller.next('ready')
    await directCaller.next('ready')
    const bridged: Side = { server: a.child, caller: bridgedCaller }
    const direct: Side = { server: b.child, caller: directCaller }
    for (const [i] of planSteps(plan).entries()) {
      const [m, base] = await bestOfTurns(bridged, direct, i, 2)
      report(ctx, m, base)
    }
  },
}
