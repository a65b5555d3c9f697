import type { InvocationObserver } from '@iii/core'
import { histogramQuantile, latencyBucket, newHistogram } from './percentiles'
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
  /** Fine-grained latency histogram for the `performance` percentiles. */
  private readonly latency = newHistogram()
  private minMs = Number.POSITIVE_INFINITY
  private maxMs = 0
  private workerSpawns = 0
  private workerDeaths = 0
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
    const slot = latencyBucket(durationMs)
    this.latency[slot] = (this.latency[slot] ?? 0) + 1
    this.minMs = Math.min(this.minMs, durationMs)
    this.maxMs = Math.max(this.maxMs, durationMs)
    if (!ok) {
      s.errors++
      this.errors++
    }
  }

  /** A socket worker connected (`spawns`) or went away (`deaths`). */
  onWorker(event: 'connected' | 'disconnected'): void {
    if (event === 'connected') this.workerSpawns++
    else this.workerDeaths++
  }

  snapshot(activeWorkers: number) {
    return {
      ...this.summary(activeWorkers),
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

  /**
   * The reference's summary blocks: `invocations` (totals and a count per function),
   * `performance` (latency over every invocation) and `workers` (socket workers now, connected
   * and gone since start).
   */
  private summary(activeWorkers: number) {
    const q = (p: number) => round(histogramQuantile(this.latency, this.total, p))
    return {
      invocations: {
        total: this.total,
        success: this.total - this.errors,
        error: this.errors,
        by_function: Object.fromEntries([...this.perFunction].map(([id, s]) => [id, s.total])),
      },
      performance: {
        avg_duration_ms: this.total ? round(this.sumMs / this.total) : 0,
        min_duration_ms: this.total ? round(this.minMs) : 0,
        max_duration_ms: round(this.maxMs),
        p50_duration_ms: q(0.5),
        p95_duration_ms: q(0.95),
        p99_duration_ms: q(0.99),
      },
      workers: { active: activeWorkers, spawns: this.workerSpawns, deaths: this.workerDeaths },
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
