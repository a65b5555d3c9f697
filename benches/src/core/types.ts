import type { RedisServer } from '@iii/testing'
import type { Scope } from './scope'

/** One measured figure and the baseline it is compared with, measured in the same run. */
export interface Figure {
  /** Stable id, `<bench>/<what>/<variant>`, e.g. `ws-invoke/seq-p50/100B`. */
  name: string
  value: number
  unit: string
  baseline: number
  /** What the baseline is, e.g. `uWS relay + ws`. */
  baselineName: string
  /** Whether a higher or a lower value is better (throughput vs latency). */
  better: 'higher' | 'lower'
}

/** A figure as printed and stored: `ratio` is always `value / baseline`. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  baseline: number
  ratio: number
  command: string
  baseline_name: string
  better: 'higher' | 'lower'
}

/** A bench that could not run here, and why. */
export interface Skipped {
  bench: string
  reason: string
}

/** What a bench gets from the runner. */
export interface BenchContext {
  readonly quick: boolean
  /** The command that reproduces this bench alone. */
  readonly command: string
  /** Children and temp files started by this bench; the runner closes it after the bench. */
  readonly scope: Scope
  /** Extra node arguments for engine processes (e.g. `--cpu-prof`). */
  readonly engineNodeArgs: string[]
  /** `quick` in `--quick` mode, else `full`. */
  pick<T>(quick: T, full: T): T
  /** Checks a figure, prints its JSON line and human summary, and keeps it for the table. */
  report(figure: Figure): void
  /** Records that one part of the bench could not run (e.g. a missing adapter); the rest goes on. */
  skip(part: string, reason: string): void
  /** A human progress line. */
  log(message: string): void
  /** The run's private redis-server, started on first use; throws `SkipBench` when missing. */
  redis(): Promise<RedisServer>
}

/** A benchmark: checks the answer, then times, then reports figures with their baselines. */
export interface Bench {
  name: string
  description: string
  run(ctx: BenchContext): Promise<void>
}

/** Thrown by a bench that cannot run on this machine or tree (a missing worker, no redis-server). */
export class SkipBench extends Error {
  override readonly name = 'SkipBench'
}
