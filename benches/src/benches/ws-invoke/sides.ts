import type { Child } from '../../core/child'
import { startEngineProcess, type WorkerEntry } from '../../core/engine'
import { canReadProc, cpuTimeUs } from '../../core/proc'
import type { BenchContext } from '../../core/types'
import type { InvokePlan, Measurement } from './plan'
import type { SdkName } from './sdk'

/** One setup: the process in the middle (relay or engine) and the caller that runs the steps. */
export interface Side {
  server: Child
  caller: Child
}

/** What one step measured, plus the middle process's CPU time during it. */
export type Timed = Measurement & { serverCpuUs?: number }

/** Baseline: relay + callee + caller, three processes; resolves once the caller is warm. */
export async function startBaseline(ctx: BenchContext, plan: InvokePlan): Promise<Side> {
  const relay = ctx.scope.spawn({ label: 'uws-relay', entry: 'benches/ws-invoke/raw-relay.ts' })
  const { port } = await relay.next('ready')
  const peer = (role: string) =>
    ctx.scope.spawn({
      label: `raw-${role}`,
      entry: 'benches/ws-invoke/raw-peer.ts',
      args: [JSON.stringify({ role, url: `ws://127.0.0.1:${port}`, plan })],
    })
  await peer('callee').next('ready')
  const caller = peer('caller')
  await caller.next('ready')
  return { server: relay, caller }
}

/** The engine (with `workers` in its config) + callee worker + caller worker, three processes. */
export async function startEngineSide(
  ctx: BenchContext,
  plan: InvokePlan,
  sdk: SdkName,
  workers: WorkerEntry[] = [],
): Promise<Side> {
  const engine = await startEngineProcess(ctx.scope, { nodeArgs: ctx.engineNodeArgs, workers })
  return startPeers(ctx, plan, { sdk, server: engine.child, url: engine.url })
}

/** Callee and caller workers of `sdk` on an engine already running at `url`; resolves once warm. */
export async function startPeers(
  ctx: BenchContext,
  plan: InvokePlan,
  engine: { sdk: SdkName; server: Child; url: string },
): Promise<Side> {
  const { sdk, url } = engine
  const peer = (role: string) =>
    ctx.scope.spawn({
      label: `${sdk}-${role}`,
      entry: 'benches/ws-invoke/iii-peer.ts',
      args: [JSON.stringify({ role, sdk, url, plan })],
    })
  await peer('callee').next('ready')
  const caller = peer('caller')
  await caller.next('ready')
  return { server: engine.server, caller }
}

/** Runs step i on one side and returns its measurement with the middle process's CPU time. */
export async function runStep(side: Side, step: number): Promise<Timed> {
  const pid = side.server.pid
  const cpu = pid !== undefined && canReadProc() ? () => cpuTimeUs(pid) : undefined
  const before = cpu?.()
  side.caller.command({ step })
  const measured = (await side.caller.next('measurement', 180_000)) as unknown as Measurement
  return { ...measured, serverCpuUs: before === undefined ? undefined : (cpu?.() ?? 0) - before }
}

/** Runs step i on both sides, flipping who goes first every step; returns [side a, side b]. */
async function runStepOnBoth(a: Side, b: Side, step: number): Promise<[Timed, Timed]> {
  if (step % 2 === 0) {
    const first = await runStep(a, step)
    return [first, await runStep(b, step)]
  }
  const first = await runStep(b, step)
  return [await runStep(a, step), first]
}

/** The better of two measurements of the same step (shared machines only ever slow a run down). */
function better(x: Timed, y: Timed): Timed {
  if (x.kind === 'seq' && y.kind === 'seq')
    return { ...x, p50Us: Math.min(x.p50Us, y.p50Us), p99Us: Math.min(x.p99Us, y.p99Us) }
  if (x.kind !== 'pipe' || y.kind !== 'pipe') return x
  const best = x.callsPerSec >= y.callsPerSec ? x : y
  const perCall = (t: Timed) =>
    t.serverCpuUs === undefined ? Number.POSITIVE_INFINITY : t.serverCpuUs / t.calls
  const cpu = Math.min(perCall(x), perCall(y))
  return { ...best, serverCpuUs: Number.isFinite(cpu) ? cpu * best.calls : undefined }
}

/** Runs step i on both sides `turns` times (taking turns) and keeps each side's best. */
export async function bestOfTurns(
  a: Side,
  b: Side,
  step: number,
  turns: number,
): Promise<[Timed, Timed]> {
  let [ra, rb] = await runStepOnBoth(a, b, step)
  for (let turn = 1; turn < turns; turn++) {
    const [na, nb] = await runStepOnBoth(b, a, step).then(([x, y]) => [y, x] as const)
    ra = better(ra, na)
    rb = better(rb, nb)
  }
  return [ra, rb]
}
