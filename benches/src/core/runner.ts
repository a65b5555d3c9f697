import { type RedisServer, startRedisServer } from '@iii/testing'
import { describeMachine } from './machine'
import { type RunReport, summarize, toResult } from './report'
import { Scope } from './scope'
import { type Bench, type BenchContext, type BenchResult, SkipBench, type Skipped } from './types'

export interface RunOptions {
  quick: boolean
  /** Extra node flags for engine processes. */
  engineNodeArgs: string[]
  /** Prints a line (JSON lines, summaries, progress). */
  print(line: string): void
  /** True once the run was interrupted: no further bench starts. */
  interrupted?: () => boolean
}

/** Starts the run's private redis-server once, on first use. */
function lazyRedis(): { get(): Promise<RedisServer>; stop(): Promise<void> } {
  let starting: Promise<RedisServer> | undefined
  return {
    get() {
      starting ??= startRedisServer().catch((err: Error) => {
        throw new SkipBench(`redis-server unavailable (${err.message})`)
      })
      return starting
    },
    async stop() {
      const server = await starting?.catch(() => undefined)
      await server?.stop()
    },
  }
}

/** The command that reruns one bench alone. */
export const benchCommand = (name: string, quick: boolean) =>
  `pnpm bench --only ${name}${quick ? ' --quick' : ''}`

interface RunState {
  results: BenchResult[]
  skipped: Skipped[]
  failed: RunReport['failed']
}

function createContext(
  options: RunOptions,
  state: RunState,
  scope: Scope,
  command: string,
  redis: () => Promise<RedisServer>,
): BenchContext {
  return {
    quick: options.quick,
    command,
    scope,
    engineNodeArgs: options.engineNodeArgs,
    pick: (quick, full) => (options.quick ? quick : full),
    report(figure) {
      const result = toResult(figure, command)
      state.results.push(result)
      options.print(JSON.stringify(result))
      options.print(summarize(result))
    },
    skip(part, reason) {
      state.skipped.push({ bench: part, reason })
      options.print(`⚠ ${part} skipped: ${reason}`)
    },
    log: (message) => options.print(`  · ${message}`),
    redis,
  }
}

/** Runs one bench in its own scope; a skip or a failure is recorded, never thrown. */
async function runOne(
  bench: Bench,
  options: RunOptions,
  state: RunState,
  redis: () => Promise<RedisServer>,
): Promise<void> {
  const scope = new Scope()
  const ctx = createContext(options, state, scope, benchCommand(bench.name, options.quick), redis)
  const t0 = Date.now()
  options.print(`▶ ${bench.name}: ${bench.description}`)
  try {
    await bench.run(ctx)
    options.print(`✔ ${bench.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  } catch (err) {
    if (err instanceof SkipBench) {
      state.skipped.push({ bench: bench.name, reason: err.message })
      options.print(`⚠ ${bench.name} skipped: ${err.message}`)
    } else {
      const error = err instanceof Error ? err.message : String(err)
      state.failed.push({ bench: bench.name, error })
      options.print(`✘ ${bench.name} failed: ${error}`)
    }
  } finally {
    await scope.close()
  }
}

/** Runs benches one after another (never in parallel: 2 cores); a failure does not stop the run. */
export async function runBenches(
  benches: readonly Bench[],
  options: RunOptions,
): Promise<RunReport> {
  const started = Date.now()
  const state: RunState = { results: [], skipped: [], failed: [] }
  const redis = lazyRedis()
  try {
    for (const bench of benches) {
      if (options.interrupted?.()) break
      await runOne(bench, options, state, () => redis.get())
    }
  } finally {
    await redis.stop()
  }
  return {
    machine: describeMachine(),
    quick: options.quick,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 100) / 10,
    command: `pnpm bench${options.quick ? ' --quick' : ''}`,
    ...state,
  }
}
