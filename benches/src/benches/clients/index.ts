import { registerWorker } from 'iii-sdk'
import { startEngineProcess } from '../../core/engine'
import type { Bench, BenchContext } from '../../core/types'
import { type Caller, clientCallers, runCaller, tsCaller } from './callers'

const functionId = 'bench::echo'
const inflight = 16

type Prepared = Awaited<ReturnType<Caller['prepare']>>

/** The best of `turns` runs, so load from elsewhere on the machine does not decide the figure. */
async function measure(ctx: BenchContext, prepared: Prepared, url: string, turns: number) {
  const seqCalls = ctx.pick(300, 2000)
  const pipeMs = ctx.pick(1000, 3000)
  let best = { seq_p50_us: Number.POSITIVE_INFINITY, calls_per_sec: 0 }
  for (let i = 0; i < turns; i++) {
    const args = [url, functionId, String(seqCalls), String(pipeMs), String(inflight)]
    const f = await runCaller(prepared, args, 120_000)
    best = {
      seq_p50_us: Math.min(best.seq_p50_us, f.seq_p50_us),
      calls_per_sec: Math.max(best.calls_per_sec, f.calls_per_sec),
    }
  }
  return best
}

/**
 * Each client as the caller of one echo function served by our iii-sdk, through an engine
 * process; our iii-sdk as the caller is the baseline, measured in the same run, turn by turn.
 */
export const clientsBench: Bench = {
  name: 'clients',
  description: 'Python, Go and Rust clients calling through the engine, against our iii-sdk',
  async run(ctx) {
    const engine = await startEngineProcess(ctx.scope, { label: 'engine' })
    const callee = registerWorker(engine.url, { workerName: 'bench-callee' })
    ctx.scope.defer(() => callee.shutdown())
    callee.registerFunction(functionId, async (data: { n: number }) => ({ n: data.n }))
    const baseline = await tsCaller.prepare()
    const turns = ctx.pick(1, 2)
    for (const caller of clientCallers) {
      ctx.log(`preparing the ${caller.name} caller`)
      const prepared = await caller.prepare()
      // Client and baseline take turns, so both meet the same machine.
      const m = await measure(ctx, prepared, engine.url, turns)
      const b = await measure(ctx, baseline, engine.url, turns)
      ctx.report({
        name: `clients/seq-p50/${caller.name}`,
        value: m.seq_p50_us,
        unit: 'µs',
        baseline: b.seq_p50_us,
        baselineName: 'iii-sdk (ours) as the caller',
        better: 'lower',
      })
      ctx.report({
        name: `clients/inflight-${inflight}/${caller.name}`,
        value: m.calls_per_sec,
        unit: 'calls/s',
        baseline: b.calls_per_sec,
        baselineName: 'iii-sdk (ours) as the caller',
        better: 'higher',
      })
    }
  },
}
