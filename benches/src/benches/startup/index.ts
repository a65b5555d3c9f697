import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Child, repoRoot } from '../../core/child'
import { rssMb } from '../../core/proc'
import { median, nowMs } from '../../core/stats'
import { waitForPort } from '../../core/tcp'
import type { Bench, BenchContext } from '../../core/types'
import { writeDefaultsConfig } from './config'

const engineEntry = resolve(repoRoot, 'engine/server/dist/cli.mjs')
const idleNode = ['-e', 'setInterval(() => {}, 1 << 30)']
const baselineName = 'node -e 0 (spawn → exit)'

/** `pnpm iii` builds first; build once outside the timing so every timed run is a cache hit. */
export async function build(ctx: BenchContext): Promise<void> {
  const child = ctx.scope.spawn({
    label: 'build',
    command: 'pnpm',
    args: ['exec', 'turbo', 'run', 'build', '--filter=iii-engine...', '--output-logs=errors-only'],
    entry: 'build',
  })
  const code = await child.waitExit()
  if (code !== 0 || !existsSync(engineEntry))
    throw new Error(`building the engine failed (${code}):\n${child.output()}`)
}

/** Spawn → the worker port accepts a TCP connection; returns ms and the still-running child. */
async function timeToReady(
  ctx: BenchContext,
  command: string,
  args: string[],
  port: number,
): Promise<{ ms: number; child: Child }> {
  const t0 = nowMs()
  const child = ctx.scope.spawn({
    label: `${command} ${args.join(' ')}`,
    command,
    args,
    entry: command,
  })
  await waitForPort(port, { timeoutMs: 60_000, intervalMs: 1, failed: () => child.exitReason() })
  return { ms: nowMs() - t0, child }
}

/** Spawn → exit of `node -e 0`. */
async function timeNodeExit(ctx: BenchContext): Promise<number> {
  const t0 = nowMs()
  const child = ctx.scope.spawn({
    label: 'node -e 0',
    command: process.execPath,
    args: ['-e', '0'],
    entry: 'node',
  })
  const code = await child.waitExit()
  if (code !== 0) throw new Error(`node -e 0 exited ${code}`)
  return nowMs() - t0
}

async function idleRss(ctx: BenchContext, child: Child, idleMs: number): Promise<number> {
  await new Promise((r) => setTimeout(r, idleMs))
  if (child.pid === undefined) throw new Error('no pid')
  const mb = rssMb(child.pid)
  await ctx.scope.stop(child)
  return mb
}

/** Phase 1: `node -e 0` and the built engine entry, alternating; idle RSS on the first runs. */
async function measureEntry(ctx: BenchContext, dir: string): Promise<void> {
  const runs = ctx.pick(3, 10)
  const idleMs = ctx.pick(500, 1500)
  const node: number[] = []
  const entry: number[] = []
  const rss = { entry: [] as number[], node: [] as number[] }
  for (let i = 0; i < runs; i++) {
    node.push(await timeNodeExit(ctx))
    const config = await writeDefaultsConfig(dir)
    const started = await timeToReady(
      ctx,
      process.execPath,
      [engineEntry, '-c', config.file, '--log-level', 'warn'],
      config.port,
    )
    entry.push(started.ms)
    if (i >= 3) {
      await ctx.scope.stop(started.child)
      continue
    }
    rss.entry.push(await idleRss(ctx, started.child, idleMs))
    const idle = ctx.scope.spawn({
      label: 'idle node',
      command: process.execPath,
      args: idleNode,
      entry: 'node',
    })
    rss.node.push(await idleRss(ctx, idle, idleMs))
  }
  const baseline = median(node)
  ctx.report({
    name: 'startup/engine-entry',
    value: median(entry),
    unit: 'ms',
    baseline,
    baselineName,
    better: 'lower',
  })
  const rssBase = median(rss.node)
  ctx.report({
    name: 'startup/idle-rss',
    value: median(rss.entry),
    unit: 'MB',
    baseline: rssBase,
    baselineName: 'idle node process',
    better: 'lower',
  })
}

/** Phase 2: `pnpm iii -c …` (turbo build, a cache hit, then the engine), against `node -e 0`. */
async function measurePnpm(ctx: BenchContext, dir: string): Promise<void> {
  const node: number[] = []
  const pnpm: number[] = []
  for (let i = 0; i < ctx.pick(3, 6); i++) {
    node.push(await timeNodeExit(ctx))
    const config = await writeDefaultsConfig(dir)
    const started = await timeToReady(
      ctx,
      'pnpm',
      ['iii', '-c', config.file, '--log-level', 'warn'],
      config.port,
    )
    pnpm.push(started.ms)
    await ctx.scope.stop(started.child)
  }
  ctx.report({
    name: 'startup/pnpm-iii',
    value: median(pnpm),
    unit: 'ms',
    baseline: median(node),
    baselineName,
    better: 'lower',
  })
}

async function run(ctx: BenchContext): Promise<void> {
  await build(ctx)
  const dir = ctx.scope.tempDir('startup')
  await measureEntry(ctx, dir)
  await measurePnpm(ctx, dir)
}

export const startupBench: Bench = {
  name: 'startup',
  description:
    'spawn → worker port accepts, for `pnpm iii` and node engine/server/dist/cli.mjs; idle RSS',
  run,
}
