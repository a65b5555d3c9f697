import { describe, expect, it } from 'vitest'
import { maxFunctionsPerBucket, otherFunctions, Rollups, rollupResolutions } from '../src/rollups'

const minute = 60_000
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0)

describe('rollups', () => {
  it('counts invocations, errors and percentiles per function in each resolution', () => {
    const r = new Rollups()
    for (let i = 1; i <= 100; i++)
      r.record({ functionId: 'orders::create', durationMs: i, ok: i % 10 !== 0 }, t0 + i)
    for (const resolution of ['1m', '5m', '1h'] as const) {
      const { buckets } = r.list({ resolution }, t0 + 1000)
      expect(buckets).toHaveLength(1)
      const row = buckets[0]?.functions[0]
      expect(row).toMatchObject({ function_id: 'orders::create', invocations: 100, errors: 10 })
      expect(row?.error_rate).toBeCloseTo(0.1)
      // Histogram bounds are at most 12 % apart: each percentile is within that of the truth.
      expect(row?.p50_ms).toBeGreaterThanOrEqual(50)
      expect(row?.p50_ms).toBeLessThanOrEqual(50 * 1.12)
      expect(row?.p99_ms).toBeGreaterThanOrEqual(99)
      expect(row?.p99_ms).toBeLessThanOrEqual(99 * 1.12)
      expect(row?.max_ms).toBe(100)
    }
  })

  it('lists buckets newest first and keeps a bounded number of them', () => {
    const r = new Rollups()
    const keep = rollupResolutions[0].keep
    for (let m = 0; m < keep + 30; m++)
      r.record({ functionId: 'f', durationMs: 1, ok: true }, t0 + m * minute)
    const now = t0 + (keep + 29) * minute
    const { buckets } = r.list({ resolution: '1m' }, now)
    expect(buckets).toHaveLength(keep)
    expect(buckets[0]?.start_ms).toBe(now)
    const starts = buckets.map((b) => b.start_ms)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    expect(r.list({ resolution: '1m', limit: 3 }, now).buckets).toHaveLength(3)
  })

  it('tracks at most a fixed number of functions per bucket; the rest count together', () => {
    const r = new Rollups()
    for (let i = 0; i < maxFunctionsPerBucket + 50; i++)
      r.record({ functionId: `fn::${i}`, durationMs: 1, ok: true }, t0)
    const fns = r.list({}, t0).buckets[0]?.functions ?? []
    expect(fns).toHaveLength(maxFunctionsPerBucket + 1)
    expect(fns.find((f) => f.function_id === otherFunctions)?.invocations).toBe(50)
  })

  it('hides engine calls unless asked, and sums a window for alerts', () => {
    const r = new Rollups()
    r.record({ functionId: 'engine::functions::list', durationMs: 1, ok: true }, t0)
    r.record({ functionId: 'engine::queue::enqueue', durationMs: 1, ok: true }, t0)
    r.record({ functionId: 'a', durationMs: 10, ok: false }, t0)
    r.record({ functionId: 'a', durationMs: 20, ok: true }, t0 + minute)
    const ids = (q: { include_internal?: boolean }) =>
      r
        .list(q, t0)
        .buckets.find((b) => b.start_ms === t0)
        ?.functions.map((f) => f.function_id)
        .sort()
    expect(ids({})).toEqual(['a', 'engine::queue::enqueue'])
    expect(ids({ include_internal: true })).toHaveLength(3)
    expect(r.window('a', 5 * minute, t0 + minute)).toMatchObject({ invocations: 2, errors: 1 })
    // A window covers the 1 m buckets that overlap it.
    expect(r.window('a', 30_000, t0 + minute + 40_000)).toMatchObject({
      invocations: 1,
      errors: 0,
    })
  })
})
