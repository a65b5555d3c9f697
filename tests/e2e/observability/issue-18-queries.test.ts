import { uniqueName, waitFor } from '@iii/testing'
import { registerWorker } from 'iii-sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestEngine, type TestEngine } from '../../src/engine'

interface Group {
  value: string
  span_count: number
  error_count: number
  error_rate: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  trace_ids: string[]
}
interface RollupRow {
  function_id: string
  invocations: number
  errors: number
  error_rate: number
  p50_ms: number
  p99_ms: number
}

describe('issue 18: group_by, rollups, newest first, one record per log line', () => {
  let engine: TestEngine
  let w: ReturnType<typeof registerWorker>
  const ok = uniqueName('obs-ok')
  const bad = uniqueName('obs-bad')
  const call = <T>(function_id: string, payload: unknown = {}) =>
    w.trigger<unknown, T>({ function_id, payload })

  beforeEach(async () => {
    engine = await startTestEngine()
    w = registerWorker(engine.url, { workerName: uniqueName('obs-q') })
    w.registerFunction(ok, async () => ({ fine: true }))
    w.registerFunction(bad, async () => {
      throw new Error('planned failure')
    })
    for (let i = 0; i < 5; i++) await call(ok)
    for (let i = 0; i < 3; i++) await expect(call(bad)).rejects.toThrow()
  })
  afterEach(async () => {
    await w.shutdown()
    await engine.stop()
  })

  it('engine::traces::group_by groups by function with counts, error rate and percentiles', async () => {
    const byFn = await waitFor(
      async () => {
        const { groups } = await call<{ groups: Group[] }>('engine::traces::group_by', {})
        const g = groups.find((x) => x.value === bad)
        return g && g.span_count >= 3 && groups.find((x) => x.value === ok)?.span_count
          ? groups
          : undefined
      },
      { what: 'spans of both functions' },
    )
    const good = byFn.find((g) => g.value === ok) as Group
    const failing = byFn.find((g) => g.value === bad) as Group
    expect(good.span_count).toBe(5)
    expect(good.error_count).toBe(0)
    expect(failing).toMatchObject({ span_count: 3, error_count: 3, error_rate: 1 })
    expect(good.p50_ms).toBeLessThanOrEqual(good.p95_ms)
    expect(good.p95_ms).toBeLessThanOrEqual(good.p99_ms)
    expect(new Set(good.trace_ids).size).toBe(5)

    const { groups: byStatus } = await call<{ groups: Group[] }>('engine::traces::group_by', {
      by: 'status',
    })
    expect(byStatus.find((g) => g.value === 'error')?.span_count).toBeGreaterThanOrEqual(3)
    const { groups: byAttr } = await call<{ groups: Group[] }>('engine::traces::group_by', {
      attribute: 'iii.function.id',
      limit: 1,
    })
    expect(byAttr).toHaveLength(1)
  })

  it('engine::traces::group_by refuses bad input', async () => {
    await expect(call('engine::traces::group_by', { by: 'colour' })).rejects.toMatchObject({
      code: 'deserialization_error',
    })
    await expect(
      call('engine::traces::group_by', { by: 'function', attribute: 'x' }),
    ).rejects.toMatchObject({ code: 'deserialization_error' })
  })

  it('engine::rollups::list has the invocations, errors and percentiles of each function', async () => {
    for (const resolution of ['1m', '5m', '1h']) {
      const { buckets } = await call<{ buckets: { functions: RollupRow[] }[] }>(
        'engine::rollups::list',
        { resolution },
      )
      const rows = buckets.flatMap((b) => b.functions)
      const sum = (id: string, k: 'invocations' | 'errors') =>
        rows.filter((r) => r.function_id === id).reduce((n, r) => n + r[k], 0)
      expect(sum(ok, 'invocations')).toBe(5)
      expect(sum(ok, 'errors')).toBe(0)
      expect(sum(bad, 'invocations')).toBe(3)
      expect(sum(bad, 'errors')).toBe(3)
      expect(rows.some((r) => r.function_id.startsWith('engine::functions'))).toBe(false)
    }
    const one = await call<{ buckets: { functions: RollupRow[] }[] }>('engine::rollups::list', {
      function_id: bad,
    })
    expect(one.buckets.flatMap((b) => b.functions).every((r) => r.function_id === bad)).toBe(true)
    await expect(call('engine::rollups::list', { resolution: '2m' })).rejects.toMatchObject({
      code: 'deserialization_error',
    })
  })

  it('engine::traces::list and engine::logs::list are newest first by default', async () => {
    const { spans } = await call<{ spans: { start_time_unix_nano: number }[] }>(
      'engine::traces::list',
      { limit: 1000 },
    )
    expect(spans.length).toBeGreaterThanOrEqual(8)
    const starts = spans.map((s) => s.start_time_unix_nano)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    const asc = await call<{ spans: { start_time_unix_nano: number }[] }>('engine::traces::list', {
      limit: 1000,
      sort_order: 'asc',
    })
    expect(asc.spans[0]?.start_time_unix_nano).toBe(starts.at(-1))

    const tag = uniqueName('line')
    for (const n of [1, 2, 3]) await call('engine::log::info', { message: `${tag} ${n}` })
    const { logs } = await call<{ logs: { body: string; timestamp_unix_nano: number }[] }>(
      'engine::logs::list',
      { limit: 1000 },
    )
    const times = logs.map((l) => l.timestamp_unix_nano)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const mine = logs.filter((l) => String(l.body).startsWith(tag))
    expect(mine.map((l) => l.body)).toEqual([`${tag} 3`, `${tag} 2`, `${tag} 1`])
  })

  it('a worker log line is stored once', async () => {
    const message = uniqueName('once')
    await call('engine::log::warn', { message, data: { k: 1 } })
    const { logs } = await call<{ logs: { body: unknown; service_name: string }[] }>(
      'engine::logs::list',
      { limit: 1000 },
    )
    const copies = logs.filter((l) => l.body === message)
    expect(copies).toHaveLength(1)
    expect(copies[0]?.service_name).not.toBe('iii')
  })
})
