import { type Static, Type } from '@sinclair/typebox'
import { histogramQuantile, latencyBucket, newHistogram } from './percentiles'

/** The rollup resolutions and how many buckets of each are kept (1 h, 3 h, 1 day). */
export const rollupResolutions = [
  { name: '1m', bucketMs: 60_000, keep: 60 },
  { name: '5m', bucketMs: 300_000, keep: 36 },
  { name: '1h', bucketMs: 3_600_000, keep: 24 },
] as const
export type RollupResolution = (typeof rollupResolutions)[number]['name']

/** Functions tracked per bucket; calls of any further function count under {@link otherFunctions}. */
export const maxFunctionsPerBucket = 200
export const otherFunctions = '(other)'

interface Cell {
  count: number
  errors: number
  sumMs: number
  maxMs: number
  histogram: Uint32Array
}

type Bucket = Map<string, Cell>

const Opt = <T extends import('@sinclair/typebox').TSchema>(t: T) =>
  Type.Optional(Type.Union([t, Type.Null()]))

/** `engine::rollups::list` input. */
export const RollupsQuery = Type.Object({
  resolution: Opt(
    Type.Union(
      rollupResolutions.map((r) => Type.Literal(r.name)),
      { description: 'default 1m' },
    ),
  ),
  function_id: Opt(Type.String({ description: 'only this function' })),
  since_ms: Opt(Type.Number({ description: 'only buckets ending after (epoch ms)' })),
  limit: Opt(Type.Integer({ minimum: 1, maximum: 1000, description: 'buckets; default all kept' })),
  include_internal: Opt(
    Type.Boolean({ description: 'include engine::* calls but engine::queue::*' }),
  ),
})
export type RollupsQuery = Static<typeof RollupsQuery>

const isInternal = (id: string) => id.startsWith('engine::') && !id.startsWith('engine::queue::')

function cellRow(functionId: string, c: Cell) {
  return {
    function_id: functionId,
    invocations: c.count,
    errors: c.errors,
    error_rate: c.count ? c.errors / c.count : 0,
    avg_ms: c.count ? Math.round((c.sumMs / c.count) * 1000) / 1000 : 0,
    max_ms: Math.round(c.maxMs * 1000) / 1000,
    p50_ms: histogramQuantile(c.histogram, c.count, 0.5),
    p95_ms: histogramQuantile(c.histogram, c.count, 0.95),
    p99_ms: histogramQuantile(c.histogram, c.count, 0.99),
  }
}

/** One finished invocation. */
export interface InvocationSample {
  functionId: string
  durationMs: number
  ok: boolean
}

/**
 * Invocations, errors and latency percentiles per function in 1 m / 5 m / 1 h buckets. Memory is
 * bounded: a fixed number of buckets per resolution, at most {@link maxFunctionsPerBucket}
 * functions per bucket, and a fixed-size histogram per function.
 */
export class Rollups {
  private readonly series = new Map<RollupResolution, Map<number, Bucket>>(
    rollupResolutions.map((r) => [r.name, new Map()]),
  )

  /** Counts one finished invocation in the bucket of `nowMs` at every resolution. */
  record(sample: InvocationSample, nowMs = Date.now()): void {
    for (const r of rollupResolutions) {
      const buckets = this.series.get(r.name) as Map<number, Bucket>
      const start = nowMs - (nowMs % r.bucketMs)
      let bucket = buckets.get(start)
      if (!bucket) {
        bucket = new Map()
        buckets.set(start, bucket)
        this.prune(buckets, start - r.bucketMs * (r.keep - 1))
      }
      this.add(bucket, sample)
    }
  }

  /** Buckets of one resolution, newest first, each with its functions busiest first. */
  list(q: RollupsQuery, nowMs = Date.now()) {
    const resolution = rollupResolutions.find((r) => r.name === (q.resolution ?? '1m'))
    const r = resolution ?? rollupResolutions[0]
    const buckets = this.series.get(r.name) as Map<number, Bucket>
    this.prune(buckets, nowMs - (nowMs % r.bucketMs) - r.bucketMs * (r.keep - 1))
    const rows = [...buckets.entries()]
      .filter(([start]) => q.since_ms == null || start + r.bucketMs > q.since_ms)
      .sort(([a], [b]) => b - a)
      .slice(0, q.limit ?? r.keep)
      .map(([start, bucket]) => ({
        start_ms: start,
        end_ms: start + r.bucketMs,
        functions: [...bucket.entries()]
          .filter(([id]) => (q.function_id ? id === q.function_id : true))
          .filter(([id]) => q.include_internal || q.function_id || !isInternal(id))
          .map(([id, c]) => cellRow(id, c))
          .sort((a, b) => b.invocations - a.invocations),
      }))
    return { resolution: r.name, bucket_ms: r.bucketMs, kept_buckets: r.keep, buckets: rows }
  }

  /** One function's (or every function's) totals over the newest `windowMs` of 1 m buckets. */
  window(functionId: string | undefined, windowMs: number, nowMs = Date.now()) {
    const total: Cell = { count: 0, errors: 0, sumMs: 0, maxMs: 0, histogram: newHistogram() }
    const buckets = this.series.get('1m') as Map<number, Bucket>
    for (const [start, bucket] of buckets) {
      if (start + 60_000 <= nowMs - windowMs) continue
      for (const [id, c] of bucket) {
        if (functionId ? id !== functionId : isInternal(id)) continue
        total.count += c.count
        total.errors += c.errors
        total.sumMs += c.sumMs
        total.maxMs = Math.max(total.maxMs, c.maxMs)
        for (let i = 0; i < c.histogram.length; i++)
          total.histogram[i] = (total.histogram[i] as number) + (c.histogram[i] as number)
      }
    }
    return cellRow(functionId ?? '*', total)
  }

  clear(): void {
    for (const buckets of this.series.values()) buckets.clear()
  }

  private add(bucket: Bucket, sample: InvocationSample): void {
    const { functionId, durationMs, ok } = sample
    let key = functionId
    if (!bucket.has(key) && bucket.size >= maxFunctionsPerBucket) key = otherFunctions
    let cell = bucket.get(key)
    if (!cell) {
      cell = { count: 0, errors: 0, sumMs: 0, maxMs: 0, histogram: newHistogram() }
      bucket.set(key, cell)
    }
    cell.count++
    if (!ok) cell.errors++
    cell.sumMs += durationMs
    cell.maxMs = Math.max(cell.maxMs, durationMs)
    const i = latencyBucket(durationMs)
    cell.histogram[i] = (cell.histogram[i] as number) + 1
  }

  private prune(buckets: Map<number, Bucket>, oldestKeptStart: number): void {
    for (const start of buckets.keys()) if (start < oldestKeptStart) buckets.delete(start)
  }
}
