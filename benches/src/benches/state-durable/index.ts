import { join } from 'node:path'
import { freePort } from '@iii/testing'
import type { Child } from '../../core/child'
import { startEngineProcess } from '../../core/engine'
import { alternateSteps } from '../../core/steps'
import { waitForPort } from '../../core/tcp'
import type { Bench, BenchContext } from '../../core/types'
import type { SetPlan } from './set-worker'

type Timing = Pick<SetPlan, 'inflight' | 'durationMs' | 'keysPerLane'>

/** Starts the state-set worker against an engine; resolves once it is ready to measure. */
async function startSetWorker(ctx: BenchContext, label: string, url: string, timing: Timing) {
  const plan: SetPlan = { ...timing, url, scope: `bench-${process.pid}` }
  const child = ctx.scope.spawn({
    label: `state-set-${label}`,
    entry: 'benches/state-durable/set-worker.ts',
    args: [JSON.stringify(plan)],
  })
  await child.next('ready')
  return child
}

/** An engine (its own process) with iii-state on `adapter`. */
async function engineWith(ctx: BenchContext, adapter: Record<string, unknown>): Promise<string> {
  const engine = await startEngineProcess(ctx.scope, {
    nodeArgs: ctx.engineNodeArgs,
    workers: [{ name: 'iii-state', config: { adapter } }],
    label: `engine-${String(adapter.name)}`,
  })
  return engine.url
}

/** The bench-only engine whose state store flushes every `saveIntervalMs` (the old file adapter). */
async function periodicEngine(ctx: BenchContext, saveIntervalMs: number): Promise<string> {
  const port = await freePort()
  const directory = join(ctx.scope.tempDir('periodic'), 'state')
  const child = ctx.scope.spawn({
    label: 'engine-periodic-flush',
    entry: 'benches/state-durable/periodic-engine.ts',
    args: [JSON.stringify({ port, directory, saveIntervalMs })],
    nodeArgs: ctx.engineNodeArgs,
  })
  await waitForPort(port, { timeoutMs: 60_000, intervalMs: 20, failed: () => child.exitReason() })
  return `ws://127.0.0.1:${port}`
}

/**
 * `state::set` through a worker: the file adapter with its write-ahead log (every write fsynced,
 * group commit, before the answer) against the memory adapter, and against a bench-only copy of
 * the file adapter before the log (answers from memory, rewrites changed scopes every 5 s).
 */
async function run(ctx: BenchContext): Promise<void> {
  const timing: Timing = { inflight: [1, 32], durationMs: ctx.pick(1000, 4000), keysPerLane: 100 }
  const fileDir = join(ctx.scope.tempDir('wal'), 'state')
  const sides: [string, Child][] = []
  const urls: [string, Promise<string>][] = [
    ['memory', engineWith(ctx, { name: 'memory' })],
    ['file-wal', engineWith(ctx, { name: 'file', config: { file_path: fileDir } })],
    ['periodic-flush', periodicEngine(ctx, 5000)],
  ]
  for (const [label, url] of urls)
    sides.push([label, await startSetWorker(ctx, label, await url, timing)])
  ctx.log(
    'state::set on memory, on the file adapter (write-ahead log) and on the periodic-flush baseline, taking turns per in-flight level',
  )
  const [memory, wal, periodic] = await alternateSteps(
    sides.map(([, c]) => c),
    timing.inflight.length,
  )
  for (const [step, inflight] of timing.inflight.entries()) {
    const rate = (side: Record<string, unknown>[] | undefined) => Number(side?.[step]?.callsPerSec)
    ctx.report({
      name: `state-durable/file-wal-vs-memory/inflight-${inflight}`,
      value: rate(wal),
      unit: 'calls/s',
      baseline: rate(memory),
      baselineName: 'iii-state on the memory adapter',
      better: 'higher',
    })
    ctx.report({
      name: `state-durable/file-wal-vs-periodic-flush/inflight-${inflight}`,
      value: rate(wal),
      unit: 'calls/s',
      baseline: rate(periodic),
      baselineName: 'periodic-flush file adapter (bench-only copy of the adapter before the log)',
      better: 'higher',
    })
  }
}

export const stateDurableBench: Bench = {
  name: 'state-durable',
  description:
    'state::set on the file adapter with the write-ahead log vs memory and vs periodic flush',
  run,
}
