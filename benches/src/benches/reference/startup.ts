import { rssMb } from '../../core/proc'
import { median, nowMs } from '../../core/stats'
import type { BenchContext } from '../../core/types'
import { type EngineKind, startEngine } from './engines'
import { referenceName } from './invoke'

interface Started {
  ms: number
  rss?: number
}

/** Spawn → worker port accepts; with `idleMs`, RSS after that long idle. The engine is stopped. */
async function startOnce(
  ctx: BenchContext,
  options: { kind: EngineKind; idleMs?: number },
): Promise<Started> {
  const t0 = nowMs()
  const engine = await startEngine(ctx.scope, { kind: options.kind })
  const ms = nowMs() - t0
  let rss: number | undefined
  if (options.idleMs !== undefined && engine.child.pid !== undefined) {
    await new Promise((r) => setTimeout(r, options.idleMs))
    rss = rssMb(engine.child.pid)
  }
  await ctx.scope.stop(engine.child)
  return { ms, rss }
}

/** Spawn → ready and idle RSS of both engines on the same config, alternating runs, medians. */
export async function compareStartup(ctx: BenchContext): Promise<void> {
  ctx.log('startup: built engine/server/dist/cli.mjs and the reference binary, alternating')
  const runs = ctx.pick(3, 7)
  const idleMs = ctx.pick(500, 1500)
  const times = { ours: [] as number[], reference: [] as number[] }
  const rss = { ours: [] as number[], reference: [] as number[] }
  for (let i = 0; i < runs; i++) {
    const order: EngineKind[] = i % 2 === 0 ? ['ours', 'reference'] : ['reference', 'ours']
    for (const kind of order) {
      const got = await startOnce(ctx, { kind, idleMs: i < 3 ? idleMs : undefined })
      times[kind].push(got.ms)
      if (got.rss !== undefined) rss[kind].push(got.rss)
    }
  }
  ctx.report({
    name: 'reference/startup/spawn-to-port',
    value: median(times.ours),
    baseline: median(times.reference),
    baselineName: referenceName,
    unit: 'ms',
    better: 'lower',
  })
  ctx.report({
    name: 'reference/startup/idle-rss',
    value: median(rss.ours),
    baseline: median(rss.reference),
    baselineName: referenceName,
    unit: 'MB',
    better: 'lower',
  })
}
