import type { InvocationObserver } from '@iii/core'
import { Rollups } from './rollups'

const bucketsMs = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000]

interface FunctionStats {
  total: number
  errors: number
  sumMs: number
  maxMs: number
  buckets: number[]
}

/** Engine metrics (`iii.invocations.total`, `iii.invocation.duration`, `iii.invocation.errors.total`). */
export class EngineMetrics implements InvocationObserver {
  private readonly perFunction = new Map<string, FunctionStats>()
  private total = 0
  private errors = 0
  private sumMs = 0
  private readonly buckets = new Array<number>(bucketsMs.length + 1).fill(0)
  /** Per-function 1 m / 5 m / 1 h buckets (`engine::rollups::list`). */
  readonly rollups = new Rollups()

  onInvocation(functionId: string, durationMs: number, ok: boolean): void {
    this.rollups.record({ functionId, durationMs, ok })
    let s = this.perFunction.get(functionId)
    if (!s) {
      s = {
        total: 0,
        errors: 0,
        sumMs: 0,
        maxMs: 0,
        buckets: new Array<number>(bucketsMs.length + 1).fill(0),
      }
      this.perFunction.set(functionId, s)
    }
    const bucket = bucketIndex(durationMs)
    s.total++
    s.sumMs += durationMs
    s.maxMs = Math.max(s.maxMs, durationMs)
    s.buckets[bucket] = (s.buckets[bucket] ?? 0) + 1
    this.total++
    this.sumMs += durationMs
    this.buckets[bucket] = (this.buckets[bucket] ?? 0) + 1
    if (!ok) {
      s.errors++
      this.errors++
    }
  }

  snapshot(activeWorkers: number) {
    return {
      'iii.invocations.total': this.total,
      'iii.invocation.errors.total': this.errors,
      'iii.invocation.duration': {
        count: this.total,
        sum_ms: round(this.sumMs),
        bucket_bounds_ms: bucketsMs,
        bucket_counts: [...this.buckets],
      },
      'iii.workers.active': activeWorkers,
      by_function: Object.fromEntries(
        [...this.perFunction].map(([id, s]) => [
          id,
          {
            invocations: s.total,
            errors: s.errors,
            avg_ms: round(s.sumMs / s.total),
            max_ms: round(s.maxMs),
          },
        ]),
      ),
    }
  }

  /** Looks up one scalar by name, for alerts. */
  value(name: string, activeWorkers: number): number | undefined {
    if (name === 'iii.invocations.total') return this.total
    if (name === 'iii.invocation.errors.total') return this.errors
    if (name === 'iii.workers.active') return activeWorkers
    if (name === 'iii.invocation.duration') return this.total ? this.sumMs / this.total : 0
    return undefined
  }
}

function bucketIndex(ms: number): number {
  const i = bucketsMs.findIndex((b) => ms <= b)
  return i === -1 ? bucketsMs.length : i
}

const round = (n: number) => Math.round(n * 1000) / 1000
