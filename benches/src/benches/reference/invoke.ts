import type { Child } from '../../core/child'
import { canReadProc, rssMb } from '../../core/proc'
import type { BenchContext } from '../../core/types'
import { type InvokePlan, planSteps } from '../ws-invoke/plan'
import { bestOfTurns, startPeers, type Timed } from '../ws-invoke/sides'
import { type EngineKind, type StartedEngine, startEngine } from './engines'

export const referenceName = 'reference engine 0.23.0-rc.4 (Rust), same config'

/** 100 B echoes: sequential, then 16 and 256 in flight (the headline rows). */
function plan(ctx: BenchContext): InvokePlan {
  return {
    payloadBytes: [100],
    inflight: [16, 256],
    seqMs: ctx.pick(300, 2000),
    pipeMs: ctx.pick(300, 2000),
    maxBytesInFlight: 32 * 1024 * 1024,
  }
}

function reportStep(ctx: BenchContext, m: Timed, r: Timed): void {
  const base = { baselineName: referenceName }
  if (m.kind === 'seq' && r.kind === 'seq') {
    const p50 = { name: 'reference/ws-invoke/seq-p50/100B', value: m.p50Us, baseline: r.p50Us }
    ctx.report({ ...p50, ...base, unit: 'µs', better: 'lower' })
    const p99 = { name: 'reference/ws-invoke/seq-p99/100B', value: m.p99Us, baseline: r.p99Us }
    ctx.report({ ...p99, ...base, unit: 'µs', better: 'lower' })
    return
  }
  if (m.kind !== 'pipe' || r.kind !== 'pipe') return
  ctx.report({
    name: `reference/ws-invoke/inflight-${m.inflight}/100B`,
    value: m.callsPerSec,
    baseline: r.callsPerSec,
    ...base,
    unit: 'calls/s',
    better: 'higher',
  })
  if (m.inflight !== 16 || !m.serverCpuUs || !r.serverCpuUs) return
  ctx.report({
    name: 'reference/ws-invoke/cpu-per-call/inflight-16/100B',
    value: m.serverCpuUs / m.calls,
    baseline: r.serverCpuUs / r.calls,
    ...base,
    unit: 'µs CPU',
    better: 'lower',
  })
}

/** Each engine's RSS right after the timed steps (the last ones run 256 calls in flight). */
function reportRss(ctx: BenchContext, ours: Child, reference: Child): void {
  if (ours.pid === undefined || reference.pid === undefined || !canReadProc()) return
  ctx.report({
    name: 'reference/ws-invoke/rss-after-load',
    value: rssMb(ours.pid),
    baseline: rssMb(reference.pid),
    baselineName: referenceName,
    unit: 'MB',
    better: 'lower',
  })
}

/**
 * Calls through each engine between two workers of the published iii-sdk@0.22.1 (the one client
 * both engines serve), both setups up side by side and taking turns per step.
 */
export async function compareInvoke(ctx: BenchContext): Promise<void> {
  const invoke = plan(ctx)
  const started: Child[] = []
  const side = async (kind: EngineKind) => {
    const engine: StartedEngine = await startEngine(ctx.scope, {
      kind,
      nodeArgs: ctx.engineNodeArgs,
    })
    started.push(engine.child)
    const peers = await startPeers(ctx, invoke, {
      sdk: 'published',
      server: engine.child,
      url: engine.url,
    })
    started.push(peers.caller)
    return peers
  }
  ctx.log('ws-invoke: each engine + published iii-sdk callee and caller (3 processes each)')
  const ours = await side('ours')
  const reference = await side('reference')
  for (const [i] of planSteps(invoke).entries()) {
    const [m, r] = await bestOfTurns(ours, reference, i, 2)
    reportStep(ctx, m, r)
  }
  reportRss(ctx, ours.server, reference.server)
  for (const child of started.reverse()) await ctx.scope.stop(child)
}
