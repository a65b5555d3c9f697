import { createReadStream, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { formatBytes } from '../../core/stats'
import type { Bench, BenchContext } from '../../core/types'
import { hasWorker } from '../../core/workers'
import { type InvokePlan, planSteps } from '../ws-invoke/plan'
import { bestOfTurns, startEngineSide } from '../ws-invoke/sides'

const baselineName = 'same engine, tracing on, trace_storage off'

/** Bytes and lines (one line per span) of every archive segment in `directory`. */
async function archiveSize(directory: string): Promise<{ bytes: number; spans: number }> {
  let bytes = 0
  let spans = 0
  for (const name of readdirSync(directory).filter((n) => n.endsWith('.jsonl'))) {
    const path = join(directory, name)
    bytes += statSync(path).size
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) spans++
  }
  return { bytes, spans }
}

/**
 * The cost of the on-disk trace archive (issue 18): the ws-invoke calls at 16 in flight through
 * an engine with `trace_storage` on, against the same engine with tracing on and no archive.
 */
async function run(ctx: BenchContext): Promise<void> {
  if (!(await hasWorker('iii-observability'))) {
    ctx.skip('tracing-archive', 'no iii-observability worker')
    return
  }
  const plan: InvokePlan = {
    payloadBytes: [100, 10 * 1024],
    inflight: [16],
    seqMs: ctx.pick(300, 2000),
    pipeMs: ctx.pick(500, 3000),
    maxBytesInFlight: 32 * 1024 * 1024,
  }
  const directory = join(ctx.scope.tempDir('trace-archive'), 'traces')
  const archive = [
    { name: 'iii-observability', config: { trace_storage: { enabled: true, directory } } },
  ]
  ctx.log('engine with the trace archive on and engine without it, taking turns')
  const on = await startEngineSide(ctx, plan, 'ours', archive)
  const base = await startEngineSide(ctx, plan, 'ours')
  for (const [i, step] of planSteps(plan).entries()) {
    const [m, b] = await bestOfTurns(on, base, i, 2)
    if (m.kind !== 'pipe' || b.kind !== 'pipe') continue
    const name = `inflight-${m.inflight}/${formatBytes(step.bytes)}`
    ctx.report({
      name: `tracing-archive/${name}`,
      value: m.callsPerSec,
      unit: 'calls/s',
      baseline: b.callsPerSec,
      baselineName,
      better: 'higher',
    })
    if (m.serverCpuUs && b.serverCpuUs)
      ctx.report({
        name: `tracing-archive/cpu-per-call/${name}`,
        value: m.serverCpuUs / m.calls,
        unit: 'µs CPU',
        baseline: b.serverCpuUs / b.calls,
        baselineName,
        better: 'lower',
      })
  }
  // Written every flush interval (200 ms): wait for the last spans to reach the files.
  await new Promise((r) => setTimeout(r, 500))
  const { bytes, spans } = await archiveSize(directory)
  if (spans === 0) throw new Error('the trace archive holds no spans after the run')
  ctx.log(`archive: ${formatBytes(bytes)} for ${spans} spans`)
  ctx.report({
    name: 'tracing-archive/bytes-per-span',
    value: bytes / spans,
    unit: 'B',
    baseline: bytes / spans,
    baselineName: 'itself (no baseline: the size of one archived span)',
    better: 'lower',
  })
}

export const tracingArchiveBench: Bench = {
  name: 'tracing-archive',
  description: 'trace archive cost: invoke calls with trace_storage on vs off (tracing on in both)',
  run,
}
